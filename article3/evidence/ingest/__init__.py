"""Ingest: untrusted uploads to a typed original and a clean, searchable working PDF.

Pure Python (no Django). ``ingest_file`` runs in the calling process; ``ingest_file_isolated``
runs the same in a child process with time and memory limits, which is what the web app and
task workers should use for files from outside.
"""

from dataclasses import replace
from pathlib import Path

from article3.words import Words, gettext_noop

from .convert import DerivationStep, DerivedPdf, Progress, derive_pdf, stage
from .errors import ERROR_CODES, IngestError
from .limits import DEFAULT_LIMITS, IngestLimits
from .sandbox import IsolationStats, ingest_file_isolated, run_isolated
from .sniff import KINDS, Sniffed, sniff

__all__ = [
    "DEFAULT_LIMITS",
    "ERROR_CODES",
    "KINDS",
    "DerivationStep",
    "DerivedPdf",
    "IngestError",
    "IngestLimits",
    "IsolationStats",
    "Sniffed",
    "derive_pdf",
    "ingest_file",
    "ingest_file_isolated",
    "run_isolated",
    "sniff",
]


def _check_size(source: Path, max_bytes: int) -> None:
    size = source.stat().st_size
    if size > max_bytes:
        raise IngestError("too_large", Words(gettext_noop(
            "This file is %(size)s MB; the limit is %(limit)s MB. Split it into smaller files or reduce the "
            "scan resolution, then upload again."),
            {"size": round(size / 1_048_576), "limit": round(max_bytes / 1_048_576)}))


def ingest_file(*, source: Path, workdir: Path, language: str | None,
                max_bytes: int = DEFAULT_LIMITS.max_bytes, ocr: bool = True,
                progress: Progress | None = None,
                limits: IngestLimits = DEFAULT_LIMITS) -> tuple[Sniffed, DerivedPdf]:
    """Type ``source`` by content and derive its working PDF; raises IngestError only."""
    limits = replace(limits, max_bytes=max_bytes)
    with stage(gettext_noop("checking the file")):
        _check_size(source, max_bytes)
        sniffed = sniff(path=source, limits=limits)
    with stage(gettext_noop("converting the file")):
        derived = derive_pdf(source=source, sniffed=sniffed, workdir=workdir,
                             language=language, ocr=ocr, progress=progress, limits=limits)
    return sniffed, derived
