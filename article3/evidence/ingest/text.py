"""Text of each page of a (cleaned) PDF, for search and for deciding which pages need OCR."""

import shutil
from pathlib import Path

from article3.words import gettext_noop

from .errors import IngestError
from .limits import IngestLimits
from .tools import run_tool


def visible_chars(text: str) -> int:
    return sum(1 for char in text if not char.isspace())


def needs_ocr(text: str, limits: IngestLimits) -> bool:
    return visible_chars(text) < limits.min_text_chars


def page_texts(*, pdf: Path, pages: int, limits: IngestLimits) -> list[str]:
    """One string per page; poppler's pdftotext when installed, else pdfminer."""
    if shutil.which("pdftotext"):
        return _pdftotext(pdf, pages, limits)
    return pdfminer_texts(pdf=pdf, pages=pages)


def _pdftotext(pdf: Path, pages: int, limits: IngestLimits) -> list[str]:
    # Poppler can loop forever on some malformed files; a bound that grows with the page
    # count keeps a hang from eating the whole job's time (the caller degrades to no text).
    timeout_s = min(limits.tool_timeout_s, 10 + 0.25 * pages)
    result = run_tool(
        ["pdftotext", "-layout", "-enc", "UTF-8", "-q", str(pdf), "-"],
        timeout_s=timeout_s, what=gettext_noop("reading the text of the pages"),
    )
    if result.returncode != 0:
        raise IngestError("conversion_failed", gettext_noop(
            "The text of this PDF could not be read. Print it to a new PDF and upload that."))
    # pdftotext ends every page with a form feed, so n pages give n + 1 parts.
    parts = result.stdout.decode("utf-8", "replace").split("\f")
    return _fit(parts[:pages], pages)


def pdfminer_texts(*, pdf: Path, pages: int) -> list[str]:
    """Fallback extractor, pure Python: slower, but needs no system package."""
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LTTextContainer

    texts = [
        "".join(item.get_text() for item in layout if isinstance(item, LTTextContainer))
        for layout in extract_pages(str(pdf))
    ]
    return _fit(texts[:pages], pages)


def _fit(parts: list[str], pages: int) -> list[str]:
    return parts + [""] * (pages - len(parts))
