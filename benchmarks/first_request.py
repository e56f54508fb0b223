"""First request against the next: does a fresh web process answer its first page as fast as its second?

Run: .venv/bin/python benchmarks/first_request.py [--runs N]

In a temporary data folder holding the demo case, each run starts a fresh Python process that does
what a gunicorn worker does (imports `article3.wsgi`, timed as "start"), then sends the same signed-in
page requests through the WSGI application twice: round 1 is what the first visitors after a
restart wait for, round 2 what everyone waits for afterwards. Prints the median of N runs per page
(milliseconds) and the start-up time; never fails.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from typing import Any

SETUP = """
import django
django.setup()
from django.test import Client
from article3.accounts.models import Organisation
from article3.accounts.services import user_create
from article3.cases.models import Case
from article3.cases.services import team_member_add
org = Organisation.objects.get(slug="default")
user = user_create(actor="bench", organisation=org, email="bench@example.org", role="attorney", password=None)
case = Case.objects.get(reference="DEMO-2026-001")
team_member_add(actor="bench", case=case, user_id=user.pk, role="attorney")
client = Client()
client.force_login(user)
print(client.cookies["sessionid"].value, case.public_id)
"""

# One web process: start as gunicorn's worker does, then each page twice.
SERVE = """
import io, json, sys, time
started = time.perf_counter()
import article3.wsgi
start = time.perf_counter() - started
session, paths = sys.argv[1], sys.argv[2:]
def get(path):
    environ = {"REQUEST_METHOD": "GET", "PATH_INFO": path, "QUERY_STRING": "", "SERVER_NAME": "127.0.0.1",
               "SERVER_PORT": "8000", "HTTP_HOST": "127.0.0.1", "HTTP_COOKIE": "sessionid=" + session,
               "wsgi.url_scheme": "http", "wsgi.input": io.BytesIO(), "wsgi.errors": sys.stderr,
               "wsgi.version": (1, 0), "wsgi.multithread": True, "wsgi.multiprocess": True, "wsgi.run_once": False}
    status = []
    began = time.perf_counter()
    body = b"".join(article3.wsgi.application(environ, lambda s, h, e=None: status.append(s)))
    took = time.perf_counter() - began
    assert status[0].startswith("200"), (path, status, body[:200])
    return took * 1000
rounds = [[get(p) for p in paths] for _ in range(2)]
print(json.dumps({"start": start * 1000, "first": rounds[0], "second": rounds[1]}))
"""

PAGES = ("/", "/cases/{case}/", "/cases/{case}/chronology/", "/cases/{case}/gaps/",
         "/cases/{case}/evidence/", "/cases/{case}/bundles/")


def _serve(env: dict[str, str], session: str, paths: list[str]) -> dict[str, Any]:
    done = subprocess.run([sys.executable, "-c", SERVE, session, *paths], env=env, capture_output=True, text=True)
    if done.returncode:
        raise SystemExit(done.stderr[-2000:])
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="article3-first-request-") as data:
        env = {**os.environ, "ARTICLE3_DATA": data, "DJANGO_SETTINGS_MODULE": "article3.settings"}
        env.pop("DATABASE_URL", None)
        subprocess.run([sys.executable, "-m", "article3", "demo"], env=env, check=True, capture_output=True)
        session, case = subprocess.run([sys.executable, "-c", SETUP], env=env, check=True, capture_output=True,
                                       text=True).stdout.split()
        paths = [p.format(case=case) for p in PAGES]
        runs = [_serve(env, session, paths) for _ in range(options.runs)]
    print(f"start of a web process (import article3.wsgi): {statistics.median(r['start'] for r in runs):.0f} ms")
    print(f"{'page':34} {'1st ms':>8} {'2nd ms':>8} {'ratio':>6}")
    for i, page in enumerate(PAGES):
        first = statistics.median(r["first"][i] for r in runs)
        second = statistics.median(r["second"][i] for r in runs)
        print(f"{page.replace('{case}', '…'):34} {first:8.0f} {second:8.0f} {first / second:6.1f}")
    first_total = statistics.median(sum(r["first"]) for r in runs)
    second_total = statistics.median(sum(r["second"]) for r in runs)
    print(f"{'all pages':34} {first_total:8.0f} {second_total:8.0f} {first_total / second_total:6.1f}")


if __name__ == "__main__":
    main()
