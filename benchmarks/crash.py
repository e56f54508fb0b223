"""E1 crash safety: uploads and bundle builds over HTTP while the server and the worker are killed with SIGKILL.

Run: .venv/bin/python benchmarks/crash.py [--uploads 1000] [--kills 50] [--builds 20] [--database-url URL]

Starts gunicorn and the task worker on 127.0.0.1 against a new data folder (SQLite unless
--database-url names an empty PostgreSQL database), signs in, opens a case, and uploads small
distinct files from four clients. At random points it kill -9s the web server (its whole
process group) or the worker, and starts it again; halfway it also asks for bundle builds.
Then, with everything stopped, it checks:
  - every upload answered 200 with ok:true is in the database with the SHA-256 of what was
    sent, and its vault file decrypts and re-hashes (`article3 verify`);
  - every unanswered upload is all or nothing: absent, or present and intact;
  - no document row points at a missing vault file; SQLite passes `PRAGMA integrity_check`;
  - after `verify --fix` (run as if the one-hour grace had passed), `verify` is clean.
  - once the storm is over, the worker (restarted after its last kill) finishes every task:
    what a killed worker was running is swept at the next start and run again, so no task
    stays RUNNING and no document stays unprocessed.
It prints the figures and exits 1 if a check fails. tests/security/test_crash.py runs a small version of it.
"""

from __future__ import annotations

import argparse
import hashlib
import http.client
import json
import os
import random
import re
import sys
import tempfile
import threading
import time
import urllib.error
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.security.live import Browser, Server, article3, environment, user_add  # noqa: E402

EMAIL = "ana@example.org"
HOUR = 3600
INSPECT = """
import json
from django.db import connection
from article3.evidence.models import Document
from django_tasks_db.models import DBTaskResult
docs = list(Document.objects.values("key", "original_sha256", "status"))
tasks = {}
for row in DBTaskResult.objects.values("status"):
    tasks[row["status"]] = tasks.get(row["status"], 0) + 1
integrity = "n/a"
if connection.vendor == "sqlite":
    with connection.cursor() as cursor:
        integrity = cursor.execute("PRAGMA integrity_check").fetchone()[0]
from article3.evidence.storage import vault_verify
from article3.bundles.models import BundleBuild
builds = {}
for row in BundleBuild.objects.values("status"):
    builds[row["status"]] = builds.get(row["status"], 0) + 1
print(json.dumps({"documents": docs, "tasks": tasks, "integrity": integrity, "builds": builds,
                  "vault": vault_verify(fix=False)}))
"""
DOWN = (ConnectionError, http.client.HTTPException, urllib.error.URLError, TimeoutError, OSError)


@dataclass
class Tally:
    acknowledged: dict[str, str] = field(default_factory=dict)  # document key -> sha256 sent
    unacknowledged: list[str] = field(default_factory=list)  # sha256 of uploads with no answer
    refused: int = 0
    server_errors: int = 0  # answered 5xx: also unacknowledged
    builds_requested: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)


def upload_one(browser: Browser, case_path: str, number: int, tally: Tally, rng: random.Random) -> None:
    content = f"Crash test file {number}, {rng.getrandbits(64):016x}.\n".encode() * rng.randint(1, 40)
    sha = hashlib.sha256(content).hexdigest()
    while True:
        try:
            reply = browser.upload(case_path, f"file-{number}.txt", content)
        except DOWN as exc:
            if _refused(exc):
                time.sleep(0.2)  # the server is down: the request never left, so send it again
                continue
            with tally.lock:
                tally.unacknowledged.append(sha)
            return
        with tally.lock:
            if reply.status == 200 and reply.json()["results"][0]["ok"]:
                tally.acknowledged[reply.json()["results"][0]["key"]] = sha
            elif reply.status >= 500:
                tally.unacknowledged.append(sha)
                tally.server_errors += 1
            else:
                tally.refused += 1
        return


def _refused(exc: BaseException) -> bool:
    reason = getattr(exc, "reason", exc)
    return isinstance(exc, ConnectionRefusedError) or isinstance(reason, ConnectionRefusedError)


def run(*, folder: Path, uploads: int, kills: int, builds: int = 0, clients: int = 4,
        database_url: str | None = None, seed: int = 1, say: Callable[[str], None] = print) -> dict[str, Any]:
    rng = random.Random(seed)
    env = environment(folder / "data", database_url)
    user_add(env, folder, EMAIL)
    server = Server(env=env, logs=folder / "logs")
    server.start()
    started = time.monotonic()
    try:
        tally, web_kills, worker_kills = _storm(server, uploads=uploads, kills=kills, builds=builds,
                                                clients=clients, rng=rng, say=say)
        _drain(env, say=say)
    finally:
        server.stop()
    elapsed = time.monotonic() - started
    return _check(env, folder, tally, elapsed=elapsed, web_kills=web_kills, worker_kills=worker_kills)


def _storm(server: Server, *, uploads: int, kills: int, builds: int, clients: int, rng: random.Random,
           say: Callable[[str], None]) -> tuple[Tally, int, int]:
    owner = Browser(server.base)
    owner.login(EMAIL)
    case_path = owner.case_create("CRASH-1")
    tally, numbers = Tally(), iter(range(uploads))
    take = threading.Lock()

    def client(seed: int) -> None:
        browser, local = Browser(server.base), random.Random(seed)
        _retry(lambda: browser.login(EMAIL))
        while True:
            with take:
                number = next(numbers, None)
            if number is None:
                return
            upload_one(browser, case_path, number, tally, local)

    threads = [threading.Thread(target=client, args=(rng.random(),)) for _ in range(clients)]
    for thread in threads:
        thread.start()
    points = [int(uploads * (n + rng.random()) / kills) for n in range(kills)]  # one in each stretch
    web_kills = worker_kills = 0
    for n, point in enumerate(points):
        while _done(tally) < point and any(t.is_alive() for t in threads):
            time.sleep(0.02)
        if builds and n == len(points) // 2:
            _request_builds(owner, case_path, builds, tally)
        time.sleep(rng.random() * 0.05)  # land anywhere inside a request, not just between two
        which = "web" if rng.random() < 0.7 else "worker"
        server.kill(which)
        if which == "web":
            web_kills += 1
            server.start_web()
            server.wait_ready(120)
        else:
            worker_kills += 1
            server.start_worker()
        say(f"  kill -9 {which} after {_done(tally)} uploads")
    for thread in threads:
        thread.join()
    return tally, web_kills, worker_kills


PENDING = """
import json
from django_tasks_db.models import DBTaskResult
print(json.dumps(DBTaskResult.objects.filter(status__in=["READY", "RUNNING"]).count()))
"""


def _drain(env: dict[str, str], *, say: Callable[[str], None], timeout: float = 900) -> None:
    """Let the last worker finish the queue, swept tasks of killed workers included."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        pending = json.loads(article3(env, "manage", "shell", "-c", PENDING).stdout.strip().splitlines()[-1])
        if not pending:
            return
        say(f"  waiting for the worker: {pending} tasks to go")
        time.sleep(2)


def _done(tally: Tally) -> int:
    return len(tally.acknowledged) + len(tally.unacknowledged) + tally.refused


def _retry(action: Callable[[], None]) -> None:
    for _ in range(300):
        try:
            action()
            return
        except DOWN:
            time.sleep(0.2)
    action()


def _request_builds(owner: Browser, case_path: str, builds: int, tally: Tally) -> None:
    for _ in range(builds):
        try:
            reply = owner.post(f"{case_path}bundles/build/", {"profile": "us-eoir"})
        except DOWN:
            continue
        if reply.status == 302:
            tally.builds_requested += 1


def _check(env: dict[str, str], folder: Path, tally: Tally, *, elapsed: float, web_kills: int,
           worker_kills: int) -> dict[str, Any]:
    state = json.loads(article3(env, "manage", "shell", "-c", INSPECT).stdout.strip().splitlines()[-1])
    stored = {d["key"]: d["original_sha256"] for d in state["documents"]}
    stored_shas = set(stored.values())
    lost = sorted(k for k, sha in tally.acknowledged.items() if stored.get(k) != sha)
    before = state
    _age(folder / "data" / "vault", seconds=2 * HOUR)
    fixed = json.loads(article3(env, "verify", "--fix", "--format", "json", check=False).stdout)
    after = json.loads(article3(env, "verify", "--format", "json", check=False).stdout)  # the sweeper ran
    report = {
        "seconds": round(elapsed, 1), "web_kills": web_kills, "worker_kills": worker_kills,
        "acknowledged": len(tally.acknowledged), "unacknowledged": len(tally.unacknowledged),
        "refused": tally.refused, "answered_5xx": tally.server_errors, "server_errors": _causes(folder),
        "builds_requested": tally.builds_requested,
        "acknowledged_lost_or_corrupt": lost,
        "unacknowledged_present_intact": sum(1 for sha in tally.unacknowledged if sha in stored_shas),
        "rows_without_blob": before["vault"]["missing"], "blobs_damaged": before["vault"]["damaged"],
        "orphans_removed": len(fixed["vault"]["removed"]["orphans"]),
        "leftovers_removed": len(fixed["vault"]["removed"]["leftovers"]),
        "verify_after_fix": after["ok"], "audit_chain": after["audit"]["ok"],
        "sqlite_integrity": state["integrity"], "tasks": state["tasks"], "builds": state["builds"],
        "documents": len(stored), "tasks_swept": _swept(folder),
        "documents_unfinished": sum(1 for d in state["documents"] if d["status"] not in ("ready", "failed")),
    }
    report["ok"] = (not lost and not report["rows_without_blob"] and not report["blobs_damaged"]
                    and report["verify_after_fix"] and report["audit_chain"]
                    and report["sqlite_integrity"] in ("ok", "n/a")
                    and not report["documents_unfinished"] and not state["tasks"].get("RUNNING")
                    and not report["builds"].get("running") and not report["builds"].get("queued"))
    return report


def _causes(folder: Path) -> list[str]:
    log = (folder / "logs" / "web.log").read_text(errors="replace")
    return sorted({line for line in log.splitlines() if "Error:" in line or "Exception:" in line})[:5]


def _swept(folder: Path) -> dict[str, int]:
    """What the worker's start-up sweeps did with tasks a killed worker was running (from its log)."""
    log = (folder / "logs" / "worker.log").read_text(errors="replace")
    found = re.findall(r"Interrupted tasks: (\d+) queued again, (\d+) marked failed", log)
    return {"queued_again": sum(int(a) for a, _ in found), "failed": sum(int(b) for _, b in found)}


def _age(vault: Path, *, seconds: int) -> None:
    """Make every vault file look older than the sweeper's grace, as if an hour had passed."""
    then = time.time() - seconds
    for path in vault.rglob("*"):
        if path.is_file():
            os.utime(path, (then, then))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--uploads", type=int, default=1000)
    parser.add_argument("--kills", type=int, default=50)
    parser.add_argument("--builds", type=int, default=20)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--database-url", default=None, help="an empty PostgreSQL database (default: SQLite)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="article3-crash-") as tmp:
        print(f"Crash benchmark: {args.uploads} uploads, {args.kills} kills, {args.builds} bundle builds "
              f"({'PostgreSQL' if args.database_url else 'SQLite'})")
        report = run(folder=Path(tmp), uploads=args.uploads, kills=args.kills, builds=args.builds,
                     clients=args.clients, database_url=args.database_url, seed=args.seed)
    print(json.dumps(report, indent=2))
    print("PASS" if report["ok"] else "FAIL")
    sys.exit(0 if report["ok"] else 1)


if __name__ == "__main__":
    main()
