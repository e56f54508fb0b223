"""Every case page of the big case, one request at a time, in this process: wall and CPU time per page.

Run: .venv/bin/python benchmarks/pages.py [--data DIR] [--repeat 5] [--profile PAGE] [--cold] [--only P,Q]
                                           [--postgres URL]

The case is the one `benchmarks/load.py` measures (the demo case grown to 500 documents, 10,000
pages, 1,000 events, 300 facts, 50 conflicts, 100 citations). `--data DIR` keeps the data folder
(made on first use) so later runs skip the setup. Each page is opened once first (what a process
keeps between requests is then warm), then `--repeat` times; the median of each is printed, and,
after a write to the case, the first request again (what a page costs right after an edit).
`--profile PAGE` prints the page's cProfile, sorted by cumulative time.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.scale import CASE_PAGES  # noqa: E402
from tests.security.live import article3, environment  # noqa: E402

EMAIL = "pages@example.org"


def prepare(data: Path, database_url: str | None) -> None:
    env = environment(data, database_url)
    article3(env, "demo")
    setup = (f"import sys\nsys.path.insert(0, {str(ROOT)!r})\n"
             "from article3.accounts.models import Organisation\n"
             "from article3.accounts.services import user_create\n"
             "from article3.cases.models import Case\n"
             "from tests.scale import Size, answer_conflicts, seed\n"
             "org = Organisation.objects.get(slug='default')\n"
             f"user_create(actor='cli:pages', organisation=org, email={EMAIL!r}, role='admin', "
             "password='a long enough password 42')\n"
             "case = Case.objects.get(reference='DEMO-2026-001')\n"
             "seed(case, Size())\nanswer_conflicts(case)\n")
    article3(env, "manage", "shell", "-c", setup, timeout=1800)
    (data / ".pages-ready").write_text("ok")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--profile")
    parser.add_argument("--only", help="comma-separated page names")
    parser.add_argument("--cold", action="store_true", help="keep nothing in memory (as right after a write)")
    parser.add_argument("--postgres", help="a database URL (made by you, empty or prepared by an earlier run)")
    args = parser.parse_args()
    data = args.data or Path(tempfile.mkdtemp(prefix="article3-pages-"))
    data.mkdir(parents=True, exist_ok=True)
    if not (data / ".pages-ready").exists():
        started = time.monotonic()
        prepare(data, args.postgres)
        print(f"prepared {data} in {time.monotonic() - started:.0f} s")
    os.environ.update({k: v for k, v in environment(data, args.postgres).items()
                       if k.startswith(("ARTICLE3_", "DATABASE_"))})
    os.environ["DJANGO_SETTINGS_MODULE"] = "article3.settings"
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth.models import User
    from django.test import Client
    from django.urls import reverse

    from article3.cases.models import Case

    if args.cold:
        settings.ARTICLE3_SNAPSHOT_ENTRIES = 0
    case = Case.objects.get(reference="DEMO-2026-001")
    client = Client(HTTP_HOST="localhost")
    client.force_login(User.objects.get(email=EMAIL))
    names = args.only.split(",") if args.only else list(CASE_PAGES)
    urls = {name: reverse(name, kwargs={"case_id": case.public_id}) for name in names if name != "dashboard"}
    if not args.only or "dashboard" in names:
        urls = {"dashboard": "/", **urls}

    def timed(url: str) -> tuple[float, float]:
        wall, cpu = time.perf_counter(), time.process_time()
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        return 1000 * (time.perf_counter() - wall), 1000 * (time.process_time() - cpu)

    if args.profile:
        url = urls.get(args.profile) or reverse(args.profile, kwargs={"case_id": case.public_id})
        client.get(url)
        profile = cProfile.Profile()
        profile.enable()
        for _ in range(args.repeat):
            client.get(url)
        profile.disable()
        pstats.Stats(profile).sort_stats("cumulative").print_stats(60)
        return
    print(f"{'page':<28} {'first ms':>9} {'wall ms':>8} {'cpu ms':>7} {'after a write: cpu ms':>22}")
    for name, url in urls.items():
        first = timed(url)
        runs = [timed(url) for _ in range(args.repeat)]
        _touch(case)
        after = timed(url)
        print(f"{name:<28} {first[1]:>9.0f} {statistics.median(r[0] for r in runs):>8.0f} "
              f"{statistics.median(r[1] for r in runs):>7.0f} {after[1]:>22.0f}")


def _touch(case: object) -> None:
    """A write to the case as a lawyer makes one: a conflict's answer written again, through the service."""
    from article3.chronology.models import ConflictNote
    from article3.chronology.services import conflict_note_set

    note = ConflictNote.objects.filter(case=case).order_by("pk").first()
    if note is not None:
        conflict_note_set(actor="cli:pages", case=case, conflict_id=note.conflict_id, status=note.status,
                          note=f"{note.note.split(' [')[0]} [{time.time():.0f}]")


if __name__ == "__main__":
    main()
