"""Text out of a report, as passages with anchors: page (PDFs), paragraph number, heading path.

    extracted = extract(data)              # sniffs the type from the bytes, never the name
    drafts = passages(extracted.blocks)    # [PassageDraft(paragraph=1, page=2, heading="1 > 1.2", text=...)]

The text of a passage is the text as the document has it: line breaks inside a paragraph
become spaces, nothing else is changed. HTML loses its navigation, cookie banners and other
boilerplate before anything is kept.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field

from article3.errors import DomainError

__all__ = ["Block", "Extracted", "PassageDraft", "extract", "passages", "sniff"]

HEADING_SEPARATOR = " > "


@dataclass(frozen=True)
class Block:
    """A paragraph (level 0) or a heading (level 1 is the highest) as it appears in the document."""

    text: str
    level: int = 0
    page: int | None = None


@dataclass(frozen=True)
class Extracted:
    file_type: str
    blocks: list[Block]
    pages: int = 0
    title: str = ""
    language: str = ""
    date: datetime.date | None = None
    warnings: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class PassageDraft:
    paragraph: int
    page: int | None
    heading: str
    text: str


def sniff(data: bytes) -> str:
    """pdf, docx, html or txt, judged from the bytes."""
    if b"%PDF-" in data[:1024]:
        return "pdf"
    if data[:4] == b"PK\x03\x04":
        return "docx"
    if b"\x00" in data[:8192]:
        raise DomainError("This file is neither a PDF, a Word document (DOCX), a web page nor plain text.")
    head = data[:4096].decode("utf-8", "replace").lower()
    if re.search(r"<(!doctype html|html|head|body|article|main|p|div|h1)[\s>]", head):
        return "html"
    return "txt"


def extract(data: bytes) -> Extracted:
    """The blocks of a report; DomainError with a plain message for a file that cannot be read."""
    kind = sniff(data)
    if kind == "pdf":
        from article3.coi.extract.pdf import pdf_extract

        return pdf_extract(data)
    if kind == "docx":
        from article3.coi.extract.docx import docx_extract

        return docx_extract(data)
    if kind == "html":
        from article3.coi.extract.html import html_extract

        return html_extract(data)
    from article3.coi.extract.text import text_extract

    return text_extract(data)


def normalise(text: str) -> str:
    """Whitespace folded to single spaces: layout, not content."""
    return " ".join(text.split())


def passages(blocks: list[Block]) -> list[PassageDraft]:
    """Paragraphs numbered through the report, each under the path of headings above it."""
    path: list[tuple[int, str]] = []
    drafts: list[PassageDraft] = []
    for block in blocks:
        text = normalise(block.text)
        if not any(ch.isalnum() for ch in text):
            continue
        if block.level:
            path = [(level, title) for level, title in path if level < block.level]
            path.append((block.level, text[:200]))
            continue
        heading = HEADING_SEPARATOR.join(title for _, title in path)[:1000]
        drafts.append(PassageDraft(paragraph=len(drafts) + 1, page=block.page, heading=heading, text=text))
    return drafts
