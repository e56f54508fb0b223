"""Rebuilding a bundle reuses the stamped pages of the documents that did not change."""

from __future__ import annotations

import datetime
import os
from dataclasses import replace
from pathlib import Path

import pytest

from article3.bundles.engine import BuildResult, BundleInput, ExhibitInput, Layout, build_bundle
from article3.bundles.engine.samples import text_pdf
from article3.evidence.vault.cache import SealedCache
from tests.bundles.test_assemble import Sources, active_pdf, case, inherited_pdf
from tests.bundles.test_assemble import sources as sources  # the fixture: odd boxes, scans, scripts

LAYOUT = Layout(page_size="letter", number_format="Page {n}")
KEY = bytes(range(32))


def spec(folder: Path) -> BundleInput:
    exhibits = tuple(
        ExhibitInput(f"d-{name}", f"Document {name}", None, "other", folder / f"{name}.pdf")
        for name in ("alpha", "bravo", "charlie")
    )
    return BundleInput("Bundle", "R-1", "Forum", None, datetime.date(2025, 1, 1), exhibits)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    for name in ("alpha", "bravo", "charlie"):
        text_pdf(tmp_path / f"{name}.pdf", pages=3, marker=name.title())
    return tmp_path


def build(folder: Path, cache: SealedCache | None, out: str) -> BuildResult:
    return build_bundle(spec=spec(folder), layout=LAYOUT, out=folder / out, cache=cache)


def entries(cache: SealedCache) -> set[str]:
    return {path.name for path in cache.root.iterdir()}


def test_rebuild_after_one_change_stamps_only_that_document(folder: Path) -> None:
    cache = SealedCache(root=folder / "cache", key=KEY, max_bytes=10**9)
    first = build(folder, cache, "first.pdf")
    assert (first.stamped, first.reused) == (3, 0)
    before = entries(cache)
    text_pdf(folder / "bravo.pdf", pages=3, marker="Bravo, corrected")
    again = build(folder, cache, "again.pdf")
    assert (again.stamped, again.reused) == (1, 2)
    assert len(entries(cache) - before) == 1
    assert again.sha256 == build(folder, None, "uncached.pdf").sha256  # the cache changes nothing


def test_documents_whose_numbers_moved_are_stamped_again(folder: Path) -> None:
    cache = SealedCache(root=folder / "cache", key=KEY, max_bytes=10**9)
    build(folder, cache, "first.pdf")
    text_pdf(folder / "bravo.pdf", pages=5, marker="Bravo")
    again = build(folder, cache, "again.pdf")
    assert (again.stamped, again.reused) == (2, 1)  # bravo, and charlie after it; alpha kept


def test_entries_are_sealed_and_a_damaged_one_is_made_again(folder: Path) -> None:
    cache = SealedCache(root=folder / "cache", key=KEY, max_bytes=10**9)
    first = build(folder, cache, "first.pdf")
    paths = sorted(cache.root.iterdir())
    for path in paths:
        raw = path.read_bytes()
        assert raw.startswith(b"A3V1") and b"%PDF" not in raw
    damaged = bytearray(paths[0].read_bytes())
    damaged[-20] ^= 1
    paths[0].write_bytes(bytes(damaged))
    paths[1].write_bytes(paths[2].read_bytes())  # an entry under another entry's name
    again = build(folder, cache, "again.pdf")
    assert (again.stamped, again.reused) == (2, 1)
    assert again.sha256 == first.sha256


def test_another_instance_key_misses(folder: Path) -> None:
    build(folder, SealedCache(root=folder / "cache", key=KEY, max_bytes=10**9), "first.pdf")
    other = SealedCache(root=folder / "cache", key=bytes(32), max_bytes=10**9)
    assert build(folder, other, "again.pdf").reused == 0


def test_forget_drops_what_was_made_from_a_file_and_prune_keeps_under_the_size(folder: Path) -> None:
    cache = SealedCache(root=folder / "cache", key=KEY, max_bytes=10**9)
    build(folder, cache, "first.pdf")
    source = sorted(entries(cache))[0].split("-")[0]
    assert cache.forget(source) == 1 and len(entries(cache)) == 2
    oldest = sorted(cache.root.iterdir())[0]
    os.utime(oldest, (1, 1))
    cache.max_bytes = sum(p.stat().st_size for p in cache.root.iterdir()) - 1
    cache.prune()
    assert not oldest.exists() and len(entries(cache)) == 1


def test_tabs_and_volumes_cut_mid_document_are_reused_alike(folder: Path) -> None:
    cache = SealedCache(root=folder / "cache", key=KEY, max_bytes=10**9)
    layout = replace(LAYOUT, separators=True, max_part_pages=5)
    first = build_bundle(spec=spec(folder), layout=layout, out=folder / "first.pdf", cache=cache)
    again = build_bundle(spec=spec(folder), layout=layout, out=folder / "again.pdf", cache=cache)
    assert len(first.volumes) > 1 and first.stamped > 3  # documents cut between volumes
    assert (again.stamped, again.reused) == (0, first.stamped)
    assert again.sha256 == first.sha256


def test_odd_pages_scans_and_scripts_come_out_the_same_from_the_cache(sources: Sources, tmp_path: Path) -> None:
    cache = SealedCache(root=tmp_path / "cache", key=KEY, max_bytes=10**9)
    extra = (ExhibitInput("d-act", "Active", None, "other", active_pdf(tmp_path / "active.pdf")),
             ExhibitInput("d-inh", "Inherited", None, "other", inherited_pdf(tmp_path / "inh.pdf")))
    bundle = replace(case(sources), exhibits=case(sources).exhibits + extra)
    layout = replace(LAYOUT, separators=True)
    made = build_bundle(spec=bundle, layout=layout, out=tmp_path / "made.pdf", cache=cache)
    taken = build_bundle(spec=bundle, layout=layout, out=tmp_path / "taken.pdf", cache=cache)
    assert made.reused == 0 and taken.stamped == 0
    assert taken.sha256 == made.sha256
