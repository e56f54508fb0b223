"""E1, quick: uploads while the server and the worker are killed with SIGKILL (benchmarks/crash.py at small scale)."""

from pathlib import Path

from benchmarks.crash import run


def test_acknowledged_uploads_survive_kill_9_and_the_rest_is_all_or_nothing(tmp_path: Path) -> None:
    report = run(folder=tmp_path, uploads=40, kills=4, builds=1, seed=7, say=lambda _: None)
    assert report["web_kills"] >= 1 and report["acknowledged"] >= 20, report
    assert report["acknowledged_lost_or_corrupt"] == [], report
    assert report["rows_without_blob"] == [] and report["blobs_damaged"] == [], report
    assert report["sqlite_integrity"] == "ok" and report["audit_chain"] is True, report
    assert report["verify_after_fix"] is True, report
    assert report["documents"] == report["acknowledged"] + report["unacknowledged_present_intact"], report
    assert report["documents_unfinished"] == 0 and "RUNNING" not in report["tasks"], report
    assert report["ok"] is True, report
