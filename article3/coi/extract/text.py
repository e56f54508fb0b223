"""Plain-text reports: paragraphs separated by blank lines; headings told by their shape."""

from __future__ import annotations

import re

from article3.coi.extract import Block, Extracted, normalise
from article3.errors import DomainError

_MARKDOWN = re.compile(r"^(#{1,6})\s+(.*)$")
_NUMBERED = re.compile(r"^((\d{1,2}\.)*\d{1,2})\.?\s+\S")
_UNDERLINE = re.compile(r"^(=+|-+)$")


def decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


def text_extract(data: bytes) -> Extracted:
    text = decode(data).replace("\r\n", "\n").replace("\r", "\n")
    blocks = [_block(chunk) for chunk in re.split(r"\n\s*\n", text) if chunk.strip()]
    if not blocks:
        raise DomainError("This text file is empty.")
    title = next((b.text for b in blocks if b.level == 1), "")
    return Extracted(file_type="txt", blocks=blocks, title=normalise(title)[:500])


def _block(chunk: str) -> Block:
    lines = [line.strip() for line in chunk.strip().split("\n")]
    if len(lines) == 2 and _UNDERLINE.match(lines[1]):
        return Block(text=lines[0], level=1 if lines[1][0] == "=" else 2)
    if len(lines) > 1:
        return Block(text=" ".join(lines))
    return Block(text=_MARKDOWN.sub(r"\2", lines[0]), level=heading_level(lines[0]))


def heading_level(line: str) -> int:
    """The level of a one-line block that looks like a heading, else 0 (a paragraph)."""
    marked = _MARKDOWN.match(line)
    if marked:
        return len(marked.group(1))
    if len(line) > 100 or re.search(r"[.,;!?\"”)]$", line) or not any(ch.isalpha() for ch in line):
        return 0
    numbered = _NUMBERED.match(line)
    if numbered:
        return numbered.group(1).count(".") + 1
    if line.isupper():
        return 1
    words = line.split()
    capitalised = sum(1 for word in words if word[:1].isupper())
    return 2 if len(words) <= 10 and capitalised >= max(1, len(words) // 2) else 0
