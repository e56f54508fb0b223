"""Exported case packages are readable by their owner only (issue 17), whatever the umask."""

import os
from pathlib import Path

import pytest

from article3.cases.models import Case
from article3.interchange.exporter import case_export


@pytest.mark.django_db
@pytest.mark.parametrize("leftover", [False, True])
def test_an_exported_package_is_mode_0600(case: Case, tmp_path: Path, leftover: bool) -> None:
    out = tmp_path / "case.zip"
    if leftover:  # a partial file from an interrupted export, world-readable
        partial = out.with_name(out.name + ".partial")
        partial.write_bytes(b"old")
        partial.chmod(0o644)
    previous = os.umask(0o000)
    try:
        case_export(actor="test", case=Case.objects.get(pk=case.pk), out=out)
    finally:
        os.umask(previous)
    assert out.stat().st_mode & 0o777 == 0o600
