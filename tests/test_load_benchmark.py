"""benchmarks/load.py, quick: a few people with pauses on the demo case, against a real server."""

from pathlib import Path

from benchmarks.load import run
from tests.scale import CASE_PAGES


def test_every_page_answers_under_load_with_pauses_between_pages(tmp_path: Path) -> None:
    report = run(database_url=None, users=3, seconds=12, folder=tmp_path, big=False, think=0.02)
    pages = report["pages"]
    assert isinstance(pages, dict) and set(pages) == {"dashboard", *CASE_PAGES}, report
    assert report["errors"] == {} and report["causes"] == [], report
    assert all(figures["n"] >= 1 and 0 < figures["p50_ms"] <= figures["p95_ms"] <= figures["max_ms"]
               for figures in pages.values()), report
