"""Example client: open an Article3 case from a docassemble interview export, upload two documents,
build the filing bundle and download it.

    export ARTICLE3_TOKEN=a3p_...        # a write token from My account → Access tokens
    python docassemble_to_article3.py --base https://article3.example.org interview.json \\
        statement.pdf passport.jpg --out bundle/

The token is read from the environment, never from the command line (which other users of the
machine can see). Only the standard library and httpx are used.
"""

import argparse
import json
import os
import sys
import time
from pathlib import Path
from typing import Any

import httpx


def case_from_interview(answers: dict[str, Any]) -> dict[str, Any]:
    """The fields Article3 needs, from a docassemble export (`all_variables` as JSON)."""
    client = answers["users"][0]["name"]
    return {
        "reference": answers["file_number"],
        "forum": answers.get("forum", "us-eoir"),
        "country_of_return": answers["country_of_return"],
        "applicant_name": " ".join(part for part in (client.get("first"), client.get("last")) if part),
        "detained": bool(answers.get("detained", False)),
    }


def fail(response: httpx.Response) -> None:
    body = response.json() if response.headers.get("content-type", "").startswith("application/json") else {}
    errors = "; ".join(f"{field}: {' '.join(messages)}" for field, messages in body.get("errors", {}).items())
    sys.exit(f"Article3 refused ({response.status_code}): {body.get('detail', response.text)} {errors}".strip())


def run(base: str, token: str, interview: Path, files: list[Path], out: Path, timeout: float = 300) -> Path:
    api = httpx.Client(base_url=f"{base.rstrip('/')}/api/v1", headers={"Authorization": f"Bearer {token}"},
                       timeout=60)
    made = api.post("/cases/", json=case_from_interview(json.loads(interview.read_text())))
    if made.status_code != 201:
        fail(made)
    case = made.json()["id"]
    print(f"Opened case {made.json()['reference']}")
    uploads = [("uploads", (f.name, f.open("rb"))) for f in files]
    sent = api.post(f"/cases/{case}/documents/", data={"kind": "other"}, files=uploads)
    if sent.status_code != 201:
        fail(sent)
    for result in sent.json():
        print(f"  {result['file']}: {'taken' if result['ok'] else result['error']}")
    deadline = time.monotonic() + timeout
    while any(d["status"] not in ("ready", "failed") for d in api.get(f"/cases/{case}/documents/").json()):
        if time.monotonic() > deadline:
            sys.exit("The documents were not ready in time; try the bundle later.")
        time.sleep(2)
    build = api.post(f"/cases/{case}/bundles/", json={})
    if build.status_code != 202:
        fail(build)
    while (state := api.get(f"/cases/{case}/bundles/{build.json()['id']}/").json())["status"] not in ("done", "failed"):
        if time.monotonic() > deadline:
            sys.exit("The bundle was not built in time; poll it later.")
        time.sleep(2)
    if state["status"] == "failed":
        sys.exit(f"The bundle was not built: {state['error_message']}")
    out.mkdir(parents=True, exist_ok=True)
    for volume in state["volumes"]:
        target = out / volume["name"]
        with api.stream("GET", f"/cases/{case}/bundles/{state['id']}/volumes/{volume['number']}/") as response:
            response.raise_for_status()
            with target.open("wb") as sink:
                for chunk in response.iter_bytes():
                    sink.write(chunk)
        print(f"Downloaded {target} ({volume['pages']} pages)")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", required=True, help="Article3's address, e.g. https://article3.example.org")
    parser.add_argument("interview", type=Path, help="the docassemble export (JSON)")
    parser.add_argument("files", type=Path, nargs=2, help="two documents to upload")
    parser.add_argument("--out", type=Path, default=Path("bundle"), help="where to save the bundle")
    args = parser.parse_args()
    token = os.environ.get("ARTICLE3_TOKEN", "")
    if not token:
        sys.exit("Set ARTICLE3_TOKEN to a write token from your Article3 account page.")
    run(args.base, token, args.interview, args.files, args.out)


if __name__ == "__main__":
    main()
