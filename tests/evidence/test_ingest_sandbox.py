"""The isolated worker: results and errors cross over, hangs and memory blow-ups are stopped."""

import pickle
import time
from pathlib import Path

import psutil
import pytest

from article3.evidence.ingest import (
    IngestError,
    IsolationStats,
    ingest_file_isolated,
    run_isolated,
)
from tests.evidence import fixtures_ingest as fx

MiB = 1024 * 1024
TOOLS = {"tesseract", "gs", "soffice.bin", "oosplash", "pdftotext", "qpdf"}


def _tools_still_running() -> list[str]:
    names = []
    for proc in psutil.Process().children(recursive=True):
        try:
            names.append(proc.name())
        except psutil.Error:
            continue
    return [name for name in names if name in TOOLS]


def test_isolated_ingest_returns_the_result_and_forwards_progress(tmp_path: Path) -> None:
    progress: list[tuple[int, int, str]] = []
    stats = IsolationStats()
    sniffed, derived = ingest_file_isolated(
        source=fx.make_text_pdf(tmp_path), workdir=tmp_path / "w", language="en",
        progress=lambda i, n, step: progress.append((i, n, step)), stats=stats,
    )
    assert sniffed.kind == "pdf"
    assert derived.path.is_file()
    assert "page 1" in derived.page_texts[0]
    assert progress[0] == (0, 4, "converting")
    assert progress[-1] == (4, 4, "done")
    assert 0 < stats.peak_rss_bytes < 1024 * MiB


def test_isolated_errors_keep_their_code(tmp_path: Path) -> None:
    with pytest.raises(IngestError) as caught:
        ingest_file_isolated(source=fx.make_user_password_pdf(tmp_path),
                             workdir=tmp_path / "w", language="en")
    assert caught.value.code == "encrypted_pdf"


def test_a_slow_job_is_stopped_at_the_time_limit_with_its_tools(tmp_path: Path) -> None:
    # OCR takes a few tenths of a second per page even on a fast machine: 60 pages
    # cannot finish inside the 2-second limit.
    source = fx.make_scanned_pdf(tmp_path, pages=60)
    started = time.monotonic()
    with pytest.raises(IngestError) as caught:
        ingest_file_isolated(source=source, workdir=tmp_path / "w", language="en",
                             timeout_s=2)
    assert caught.value.code == "timeout"
    assert "2 seconds" in caught.value.message
    assert time.monotonic() - started < 10
    assert _tools_still_running() == []


def test_a_memory_blow_up_is_stopped(tmp_path: Path) -> None:
    source = fx.make_large_png(tmp_path)  # 60 MP: allowed, but ~180 MB to decode
    with pytest.raises(IngestError) as caught:
        ingest_file_isolated(source=source, workdir=tmp_path / "w", language="en", ocr=False,
                             timeout_s=60, max_rss_bytes=200 * MiB)
    assert caught.value.code == "too_much_memory"
    assert "200 MB" in caught.value.message


def test_a_job_that_ends_before_memory_is_sampled_is_still_held_to_the_limit(tmp_path: Path) -> None:
    source = fx.make_text_pdf(tmp_path)  # read in milliseconds, by a child of well over 8 MB
    with pytest.raises(IngestError) as caught:
        run_isolated("sniff", {"path": source}, timeout_s=30, max_rss_bytes=8 * MiB)
    assert caught.value.code == "too_much_memory"
    stats = IsolationStats()
    assert run_isolated("sniff", {"path": source}, timeout_s=30, max_rss_bytes=1024 * MiB, stats=stats).kind == "pdf"
    assert 8 * MiB < stats.peak_rss_bytes < 1024 * MiB


def test_unexpected_failures_in_the_worker_become_conversion_failed(tmp_path: Path) -> None:
    with pytest.raises(IngestError) as caught:
        run_isolated("sniff", {"no_such_argument": 1}, timeout_s=30, max_rss_bytes=1024 * MiB)
    assert caught.value.code == "conversion_failed"


def test_only_registered_functions_run_isolated() -> None:
    with pytest.raises(ValueError, match="may run isolated"):
        run_isolated("os.system", {}, timeout_s=5, max_rss_bytes=1024 * MiB)


def test_ingest_error_survives_pickling() -> None:
    # The worker sends codes as plain tuples; this covers callers that pickle the error.
    error = pickle.loads(pickle.dumps(IngestError("timeout", "Took too long.")))  # noqa: S301
    assert (error.code, error.message) == ("timeout", "Took too long.")
