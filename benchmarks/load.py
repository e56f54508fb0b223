"""Load: 20 people working on one big case at once, for 60 seconds, on SQLite and on PostgreSQL.

Run: .venv/bin/python benchmarks/load.py [--users 20] [--seconds 60] [--only sqlite|postgresql]
                                          [--think 0] [--small] [--postgres postgres://postgres@127.0.0.1:5432]

For each database the script makes a new data folder (and, for PostgreSQL, a throwaway
database it drops afterwards), loads the demo case and grows it to 500 documents (10,000 pages
of text), 1,000 events, 300 facts, 50 date conflicts (half of them answered) and 100 country
information citations (`tests/scale.py`, written straight to the tables; `--small` keeps the
demo as it is), creates the users (admins of the demo's organisation), and starts gunicorn on
127.0.0.1 as `article3 run` does (2 workers x 4 threads). Each user signs in, then loops over
the dashboard and every page of the case, until the time is up or it has made 5,000 requests.
With `--think S`, each user pauses between pages for a random time averaging S seconds (a person
reading the page); with 0, the default, the next page is asked for as soon as one arrives, which
measures the server saturated. It prints the throughput, the errors and the latency (p50, p95, max)
per page, each p95 against the 100 ms target.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import threading
import time
import uuid
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.scale import CASE_PAGES  # noqa: E402
from tests.security.live import PASSWORD, Browser, Server, article3, environment  # noqa: E402

MAX_REQUESTS = 5000
TARGET_MS = 100
SETUP = """
import sys
sys.path.insert(0, {root!r})
from article3.accounts.models import Organisation
from article3.accounts.services import user_create
from article3.cases.models import Case
from tests.scale import Size, answer_conflicts, seed
org = Organisation.objects.get(slug="default")
for n in range({users}):
    user_create(actor="cli:load", organisation=org, email=f"user{{n}}@example.org", role="admin", password={pw!r})
case = Case.objects.get(reference="DEMO-2026-001")
if {big}:
    seed(case, Size())
    answer_conflicts(case)
print(case.public_id)
"""


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else 0.0


def run(*, database_url: str | None, users: int, seconds: float, folder: Path, big: bool,
        think: float = 0.0) -> dict[str, object]:
    env = environment(folder / "data", database_url)
    article3(env, "demo")
    setup = SETUP.format(root=str(ROOT), users=users, pw=PASSWORD, big=big)
    case_id = article3(env, "manage", "shell", "-c", setup, timeout=1800).stdout.split()[-1]
    server = Server(env=env, logs=folder / "logs")
    server.start(worker=False)
    timings: dict[str, list[float]] = defaultdict(list)
    errors: dict[str, int] = defaultdict(int)
    lock = threading.Lock()
    pages = {"dashboard": "/", **case_pages(env, case_id)}
    try:
        browsers = [Browser(server.base) for _ in range(users)]
        for n, browser in enumerate(browsers):
            browser.login(f"user{n}@example.org")
        stop = time.monotonic() + seconds

        def work(browser: Browser, pauses: random.Random) -> None:
            for count in range(MAX_REQUESTS):
                if think:
                    time.sleep(pauses.uniform(0, 2 * think))
                if time.monotonic() >= stop:
                    return
                name = list(pages)[count % len(pages)]
                started = time.perf_counter()
                try:
                    status = browser.get(pages[name]).status
                except OSError:
                    status = 0
                elapsed = time.perf_counter() - started
                with lock:
                    timings[name].append(elapsed)
                    if status != 200:
                        errors[f"{name} ({status})"] += 1

        threads = [threading.Thread(target=work, args=(b, random.Random(n))) for n, b in enumerate(browsers)]
        began = time.monotonic()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        took = time.monotonic() - began
    finally:
        server.stop()
    total = sum(len(v) for v in timings.values())
    log = (folder / "logs" / "web.log").read_text(errors="replace")
    causes = sorted({line for line in log.splitlines() if "Error:" in line or "Exception:" in line})
    return {"causes": causes[:5],"requests": total, "per_second": round(total / took, 1), "errors": dict(errors),
            "pages": {name: {"n": len(v), "p50_ms": round(1000 * statistics.median(v)),
                             "p95_ms": round(1000 * percentile(v, 0.95)), "max_ms": round(1000 * max(v))}
                      for name, v in timings.items() if v}}


def case_pages(env: dict[str, str], case_id: str) -> dict[str, str]:
    """Every page of the case by its URL name, as the project's URL configuration builds it."""
    names = ",".join(repr(n) for n in CASE_PAGES)
    script = (f"from django.urls import reverse\nfor n in ({names},):\n"
              f"    print(n, reverse(n, kwargs={{'case_id': {case_id!r}}}))")
    lines = article3(env, "manage", "shell", "-c", script).stdout.split("\n")
    pairs = [line.split(" ", 1) for line in lines if line.split(" ", 1)[0] in CASE_PAGES]
    return {name: url.strip() for name, url in pairs}


def _postgres(server: str) -> tuple[str, str]:
    import psycopg

    name = f"a3_load_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    return name, f"{server}/{name}"


def _drop(server: str, name: str) -> None:
    import psycopg

    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--only", choices=["sqlite", "postgresql"])
    parser.add_argument("--think", type=float, default=0.0, help="mean seconds a user pauses between pages")
    parser.add_argument("--small", action="store_true", help="the demo case as it is, not grown")
    parser.add_argument("--postgres", default="postgres://postgres@127.0.0.1:5432")
    args = parser.parse_args()
    for engine in ("sqlite", "postgresql"):
        if args.only and engine != args.only:
            continue
        name, url = _postgres(args.postgres) if engine == "postgresql" else ("", None)
        try:
            with tempfile.TemporaryDirectory(prefix="article3-load-") as tmp:
                report = run(database_url=url, users=args.users, seconds=args.seconds, folder=Path(tmp),
                             big=not args.small, think=args.think)
        finally:
            if name:
                _drop(args.postgres, name)
        pause = f", pausing {args.think:g} s on average between pages" if args.think else ", no pause between pages"
        print(f"\n{engine}: {args.users} users{pause}, {args.seconds:.0f} s: {report['requests']} requests "
              f"({report['per_second']}/s), errors: {report['errors'] or 'none'}")
        for cause in report["causes"]:  # type: ignore[attr-defined]
            print(f"  server error: {cause}")
        for page, figures in report["pages"].items():  # type: ignore[attr-defined]
            met = "met" if figures["p95_ms"] <= TARGET_MS else "NOT met"
            print(f"  {page:<32} n={figures['n']:>6}  p50 {figures['p50_ms']:>5} ms  p95 {figures['p95_ms']:>5} ms"
                  f"  max {figures['max_ms']:>5} ms  (target p95 <= {TARGET_MS} ms: {met})")


if __name__ == "__main__":
    main()
