"""PDF reports: text boxes in reading order, headings told by their size or weight, running
headers and footers (the same line on most pages) left out, page numbers kept as anchors."""

from __future__ import annotations

import io
import re
import statistics
from collections import Counter
from dataclasses import dataclass

from article3.coi.extract import Block, Extracted, normalise
from article3.errors import DomainError

_PAGE_NUMBER = re.compile(r"^(page\s*)?\d{1,4}(\s*(of|/)\s*\d{1,4})?$", re.IGNORECASE)
_ENDS_SENTENCE = re.compile(r"[.!?:;,\"”’)\]]$")


@dataclass(frozen=True)
class _Box:
    page: int
    text: str
    size: float  # median glyph size
    bold: bool


def pdf_extract(data: bytes) -> Extracted:
    try:
        boxes, pages = _boxes(data)
        title = _title(data)
    except Exception as exc:  # pdfminer raises many kinds on damaged or hostile files; all mean "unreadable"
        raise DomainError("This PDF could not be read. Print it to a new PDF and import that.") from exc
    if not boxes:
        raise DomainError("This PDF has no text layer (a scan?). Run it through OCR first, then import it.")
    boxes = _without_running_lines(boxes, pages)
    return Extracted(file_type="pdf", blocks=_blocks(boxes), pages=pages, title=title)


def _boxes(data: bytes) -> tuple[list[_Box], int]:
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LAParams, LTTextContainer

    boxes: list[_Box] = []
    pages = 0
    for pages, layout in enumerate(extract_pages(io.BytesIO(data), laparams=LAParams(line_margin=0.3)), start=1):
        for item in layout:
            if isinstance(item, LTTextContainer):
                boxes.extend(_paragraphs(pages, _lines(item)))
    return boxes, pages


@dataclass(frozen=True)
class _Line:
    text: str
    top: float
    bottom: float
    size: float
    bold: bool


def _lines(container: object) -> list[_Line]:
    from pdfminer.layout import LTChar, LTTextLine

    lines = []
    for line in container:  # type: ignore[attr-defined]
        if not isinstance(line, LTTextLine):
            continue
        chars = [char for char in line if isinstance(char, LTChar)]
        text = normalise(line.get_text())
        if not chars or not text:
            continue
        bold = sum("bold" in char.fontname.lower() for char in chars) > len(chars) / 2
        size = statistics.median(round(char.size, 1) for char in chars)
        lines.append(_Line(text=text, top=line.y1, bottom=line.y0, size=size, bold=bold))
    return lines


def _paragraphs(page: int, lines: list[_Line]) -> list[_Box]:
    """pdfminer's boxes may hold a heading and the paragraphs under it: split them where the type
    changes or the gap between lines is wider than the line spacing."""
    groups: list[list[_Line]] = []
    for line in lines:
        last = groups[-1][-1] if groups else None
        same = last is not None and abs(last.size - line.size) < 0.5 and last.bold == line.bold
        if same and last is not None and last.bottom - line.top < 0.6 * line.size:
            groups[-1].append(line)
        else:
            groups.append([line])
    return [_Box(page=page, text=" ".join(line.text for line in group), size=group[0].size, bold=group[0].bold)
            for group in groups]


def _title(data: bytes) -> str:
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfparser import PDFParser

    document = PDFDocument(PDFParser(io.BytesIO(data)))
    for info in document.info:
        raw = info.get("Title")
        if isinstance(raw, bytes):
            if raw.startswith(b"\xfe\xff"):
                return normalise(raw[2:].decode("utf-16-be", "replace"))
            return normalise(raw.decode("latin-1"))
        if isinstance(raw, str):
            return normalise(raw)
    return ""


def _shape(text: str) -> str:
    return re.sub(r"\d+", "#", text.lower())


def _without_running_lines(boxes: list[_Box], pages: int) -> list[_Box]:
    """Drop page numbers and lines repeated on most pages (running headers and footers)."""
    on_pages = {(b.page, _shape(b.text)) for b in boxes if len(b.text) <= 150}
    per_shape = Counter(shape for _, shape in on_pages)
    repeated = {shape for shape, count in per_shape.items() if pages >= 3 and count >= max(3, pages // 2)}
    return [b for b in boxes if not _PAGE_NUMBER.match(b.text) and _shape(b.text) not in repeated]


def _blocks(boxes: list[_Box]) -> list[Block]:
    body = Counter[float]()
    for box in boxes:
        body[box.size] += len(box.text)
    body_size = body.most_common(1)[0][0]
    heading_sizes = sorted({b.size for b in boxes if _is_heading(b, body_size)}, reverse=True)
    blocks: list[Block] = []
    for box in boxes:
        if _is_heading(box, body_size):
            blocks.append(Block(text=box.text, level=heading_sizes.index(box.size) + 1, page=box.page))
        elif blocks and _continues(blocks[-1], box):
            blocks[-1] = Block(text=f"{blocks[-1].text} {box.text}", page=blocks[-1].page)
        else:
            blocks.append(Block(text=box.text, page=box.page))
    return blocks


def _is_heading(box: _Box, body_size: float) -> bool:
    short = len(box.text) <= 200 and not box.text.endswith(".")
    return short and (box.size >= body_size * 1.15 or (box.bold and box.size >= body_size))


def _continues(previous: Block, box: _Box) -> bool:
    """A paragraph broken by a page break: it stops mid-sentence and the next page goes on in lower case."""
    return (
        previous.level == 0 and previous.page is not None and box.page == previous.page + 1
        and not _ENDS_SENTENCE.search(previous.text) and box.text[:1].islower()
    )
