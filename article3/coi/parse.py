"""Reading an imported report, meant to run in the ingest sandbox (no Django here).

`parse_report` does everything that touches the untrusted bytes: the text and its passages,
and the report's PDF form for bundles (the PDF itself rewritten clean, or the web page, Word
file or text laid out as a PDF). It runs in a confined child (see
`article3.evidence.ingest.sandbox`), so a hostile file can crash, hang or bloat only that child.
Failures leave it as an IngestError, whose message says what is wrong in plain words.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from article3.coi.extract import Extracted, PassageDraft, extract, normalise, passages
from article3.errors import DomainError
from article3.evidence.ingest import DEFAULT_LIMITS, IngestError, IngestLimits, Sniffed, derive_pdf
from article3.evidence.ingest.sniff import KINDS
from article3.words import gettext_noop

# The start of a passage that is looked for in the text of its PDF form.
_NEEDLE_CHARS = 60
_SHORT_NEEDLE_CHARS = 20


@dataclass(frozen=True)
class ParsedReport:
    extracted: Extracted
    drafts: list[PassageDraft]
    pdf: Path  # the PDF form, inside the caller's work folder
    pdf_pages: int
    pdf_page_of: list[int | None]  # PDF-form page where each draft begins, when it was found


def parse_report(*, source: Path, workdir: Path, limits: IngestLimits = DEFAULT_LIMITS) -> ParsedReport:
    """Passages and PDF form of the report at `source`; IngestError when it cannot be read."""
    workdir.mkdir(parents=True, exist_ok=True)
    try:
        extracted = extract(source.read_bytes())
    except DomainError as exc:
        raise IngestError("conversion_failed", str(exc)) from None
    drafts = passages(extracted.blocks)
    if not drafts:
        raise IngestError("conversion_failed", gettext_noop("No text was found in this report."))
    derived = derive_pdf(source=_layout_source(source, extracted, workdir), sniffed=_sniffed(extracted),
                         workdir=workdir / "pdf", language=extracted.language or None, ocr=False, limits=limits)
    if extracted.file_type == "pdf":
        pages: list[int | None] = [draft.page for draft in drafts]
    else:
        pages = locate(drafts, derived.page_texts)
    return ParsedReport(extracted=extracted, drafts=drafts, pdf=derived.path, pdf_pages=derived.pages,
                        pdf_page_of=pages)


def _sniffed(extracted: Extracted) -> Sniffed:
    """PDFs and Word files are converted as they are; web pages and text are laid out as text."""
    kind = extracted.file_type if extracted.file_type in ("pdf", "docx") else "txt"
    mime, extension = KINDS[kind]  # type: ignore[index]
    return Sniffed(kind=kind, mime=mime, extension=extension)  # type: ignore[arg-type]


def _layout_source(source: Path, extracted: Extracted, workdir: Path) -> Path:
    """A web page is never rendered as HTML: its extracted text is laid out instead, headings
    and paragraphs in order, so the PDF holds exactly the words that were indexed."""
    if extracted.file_type != "html":
        return source
    text = workdir / "report.txt"
    paragraphs = (normalise(block.text) for block in extracted.blocks)
    text.write_text("\n\n".join(p for p in paragraphs if p), encoding="utf-8")
    return text


def locate(drafts: list[PassageDraft], page_texts: list[str]) -> list[int | None]:
    """The page of the PDF form on which each passage begins, searching forward from the
    previous passage (passages are in reading order); None where its words were not found."""
    joined, starts = _joined(page_texts)
    found: list[int | None] = []
    cursor = 0
    for draft in drafts:
        position = _find(joined, draft.text, cursor)
        if position < 0:
            found.append(None)
            continue
        cursor = position
        found.append(_page_at(starts, position))
    return _between(found)


def _between(found: list[int | None]) -> list[int | None]:
    """A passage not found between two found on the same page is on that page too."""
    filled = list(found)
    for index, page in enumerate(found):
        if page is not None:
            continue
        before = next((p for p in reversed(found[:index]) if p is not None), None)
        after = next((p for p in found[index + 1:] if p is not None), None)
        filled[index] = before if before is not None and before == after else None
    return filled


def _joined(page_texts: list[str]) -> tuple[str, list[int]]:
    starts, parts, length = [], [], 0
    for text in page_texts:
        starts.append(length)
        part = normalise(text.replace("\u00ad", "")) + " "
        parts.append(part)
        length += len(part)
    return "".join(parts), starts


def _find(haystack: str, text: str, cursor: int) -> int:
    # A table row is kept as "cell | cell"; the layout shows the cells apart, so look for the first.
    start = normalise(text).split(" | ")[0]
    for size in (_NEEDLE_CHARS, _SHORT_NEEDLE_CHARS):
        needle = start[:size].strip()
        position = haystack.find(needle, cursor) if needle else -1
        if position >= 0:
            return position
    return -1


def _page_at(starts: list[int], position: int) -> int:
    page = 1
    for number, start in enumerate(starts, start=1):
        if start <= position:
            page = number
    return page
