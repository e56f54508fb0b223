"""Hostile DOCX/ODT containers are refused from their directory, before anything inflates."""

import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import pytest

from article3.evidence.ingest import IngestError, IsolationStats, ingest_file_isolated, sniff
from article3.evidence.ingest.archive import check_zip, verify_inflation
from article3.evidence.ingest.limits import DEFAULT_LIMITS
from tests.evidence import fixtures_ingest as fx

MiB = 1024 * 1024


def _refusal(path: Path) -> IngestError:
    with pytest.raises(IngestError) as caught:
        sniff(path=path)
    return caught.value


def test_gigabyte_of_zeros_is_refused_without_inflating(tmp_path: Path) -> None:
    bomb = fx.make_zip_bomb_docx(tmp_path)
    tracemalloc.start()
    try:
        error = _refusal(bomb)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert error.code == "archive_bomb"
    assert peak < 4 * MiB  # the 1 GiB entry was never inflated


def test_gigabyte_of_zeros_is_refused_in_a_small_isolated_worker(tmp_path: Path) -> None:
    stats = IsolationStats()
    with pytest.raises(IngestError) as caught:
        ingest_file_isolated(source=fx.make_zip_bomb_docx(tmp_path), workdir=tmp_path / "w",
                             language="en", timeout_s=30, max_rss_bytes=600 * MiB, stats=stats)
    assert caught.value.code == "archive_bomb"
    assert stats.seconds < 10
    assert stats.peak_rss_bytes < 600 * MiB


@pytest.mark.parametrize(
    ("maker", "code", "detail"),
    [
        (fx.make_zip_slip_docx, "unsafe_archive", "../"),
        (fx.make_symlink_docx, "unsafe_archive", "symbolic link"),
        (fx.make_overlapping_zip, "archive_bomb", "overlap"),
        (fx.make_many_entries_docx, "archive_bomb", "parts"),
    ],
)
def test_hostile_containers_are_refused(tmp_path: Path, maker: Callable[[Path], Path],
                                        code: str, detail: str) -> None:
    error = _refusal(maker(tmp_path))
    assert error.code == code
    assert detail in error.message


def test_entry_count_is_read_before_the_directory_is_parsed(tmp_path: Path) -> None:
    path = fx.make_many_entries_docx(tmp_path)
    started = time.monotonic()
    tracemalloc.start()
    try:
        _refusal(path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    # Reading the file costs ~2 MiB; building 10,000 ZipInfo objects would add ~5 MiB.
    assert peak < 4 * MiB
    assert time.monotonic() - started < 2


def test_billion_laughs_in_content_types_is_not_expanded(tmp_path: Path) -> None:
    tracemalloc.start()
    try:
        error = _refusal(fx.make_billion_laughs_docx(tmp_path))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert error.code == "unsupported_type"
    assert peak < 8 * MiB


def test_a_part_whose_size_lies_is_caught_when_inflating(tmp_path: Path) -> None:
    honest = fx.raw("word/document.xml", b"<w:document/>" * 1000)
    liar = fx.RawEntry(honest.name, honest.data, honest.crc, size=10)  # claims 10 bytes
    parts = [e for e in fx.docx_entries() if e.name != "word/document.xml"]
    path = fx.write_raw_zip(tmp_path / "liar.docx", [*parts, liar])
    with check_zip(path, DEFAULT_LIMITS) as archive, pytest.raises(IngestError) as caught:
        verify_inflation(archive, DEFAULT_LIMITS)
    assert caught.value.code == "unsafe_archive"


def test_ordinary_docx_passes_every_check(tmp_path: Path) -> None:
    with check_zip(fx.make_docx(tmp_path), DEFAULT_LIMITS) as archive:
        verify_inflation(archive, DEFAULT_LIMITS)
        assert "word/document.xml" in archive.namelist()
