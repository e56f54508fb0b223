"""The people of the multi-host load test (benchmarks/cluster.py), for Locust.

Each simulated person signs in as one of the prepared users and works on that user's case: opens
it, uploads documents, runs the checks (chronology and gap report), builds the bundle and searches
the country information. Every upload the server acknowledged (answered "taken", with the
document's key) is appended to CLUSTER_ACKS, one JSON line each, for the driver to look for later.
"""

import hashlib
import itertools
import json
import os
import secrets
from typing import Any

from locust import HttpUser, between, task

PEOPLE: list[dict[str, str]] = json.loads(open(os.environ["CLUSTER_USERS"]).read())  # noqa: SIM115
ACKS = os.environ["CLUSTER_ACKS"]
PASSWORD = os.environ["CLUSTER_PASSWORD"]
_next = itertools.count()


class Lawyer(HttpUser):
    wait_time = between(0.5, 1.5)

    def on_start(self) -> None:
        me = PEOPLE[next(_next) % len(PEOPLE)]
        self.case = me["case"]
        self.client.get("/accounts/login/", name="sign in (form)")
        self._post("/accounts/login/", {"email": me["email"], "password": PASSWORD}, name="sign in")

    def _post(self, path: str, data: dict[str, str], name: str, **kwargs: Any) -> Any:
        data = {**data, "csrfmiddlewaretoken": self.client.cookies.get("csrftoken", "")}
        return self.client.post(path, data=data, name=name, allow_redirects=False,
                                headers={"Referer": self.host + path, **kwargs.pop("headers", {})}, **kwargs)

    @task(4)
    def case_page(self) -> None:
        self.client.get(self.case, name="case page")

    @task(3)
    def upload(self) -> None:
        content = f"Statement {secrets.token_hex(8)}\nThe police came at night.\n".encode()
        with self._post(f"{self.case}evidence/upload/", {"kind": "other"}, name="upload",
                        files={"uploads": ("statement.txt", content, "text/plain")},
                        headers={"Accept": "application/json"}, catch_response=True) as reply:
            results = reply.json().get("results", []) if reply.status_code == 200 else []
            if not results or not results[0].get("ok"):
                reply.failure(f"upload not taken ({reply.status_code})")
                return
            line = json.dumps({"case": self.case, "key": results[0]["key"],
                               "sha256": hashlib.sha256(content).hexdigest()}) + "\n"
            fd = os.open(ACKS, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
            try:
                os.write(fd, line.encode())  # one write per line: lines of several processes never mix
            finally:
                os.close(fd)

    @task(2)
    def checks(self) -> None:
        self.client.get(f"{self.case}chronology/", name="chronology checks")
        self.client.get(f"{self.case}gaps/", name="gap report")

    @task(1)
    def bundle(self) -> None:
        with self._post(f"{self.case}bundles/build/", {"profile": "us-eoir"}, name="build bundle",
                        catch_response=True) as reply:
            if reply.status_code != 302:
                reply.failure(f"build not queued ({reply.status_code})")

    @task(2)
    def coi_search(self) -> None:
        self.client.get("/coi/?q=police+detention", name="COI search")
