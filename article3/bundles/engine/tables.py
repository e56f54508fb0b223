"""Index tables: rows, their measured heights, and how they fall onto pages.

Heights depend only on the label, description, date and indent of a row, never on its page
numbers, so the number of index pages is known before any page is numbered. The drawing code
in `render` uses the same `paginate` to place rows, which keeps the two in step.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from reportlab.lib.pagesizes import A4, LETTER

from article3.bundles.engine.text import Fonts, wrap

MARGIN = 54.0
HEAD_BLOCK = 64.0  # title line, subtitle line and column headings, repeated on every page
COLUMNS = (46.0, 78.0, 86.0)  # label, date, pages; the description takes the rest
FONT_SIZE = 10.0
LEADING = 12.5
PADDING = 6.0
INDENT = 14.0
MAX_LINES = 24

RowStyle = Literal["section", "entry", "quote"]


@dataclass(frozen=True)
class Row:
    label: str
    text: str
    date: str
    indent: int = 0
    style: RowStyle = "entry"
    target: str | None = None  # id resolved to the pages column and link when drawn


def page_size(name: str) -> tuple[float, float]:
    return (float(A4[0]), float(A4[1])) if name == "a4" else (float(LETTER[0]), float(LETTER[1]))


def text_width(width: float, indent: int) -> float:
    return width - 2 * MARGIN - sum(COLUMNS) - indent * INDENT


def font_for(style: RowStyle, fonts: Fonts) -> str:
    return fonts.bold if style == "section" else fonts.regular


def row_lines(row: Row, fonts: Fonts, width: float) -> tuple[tuple[str, ...], ...]:
    """Wrapped lines of the label, description and date cells."""
    return _lines(row.label, row.text, row.date, row.indent, row.style, fonts, width)


@lru_cache(maxsize=65536)
def _lines(
    label: str, text: str, date: str, indent: int, style: RowStyle, fonts: Fonts, width: float
) -> tuple[tuple[str, ...], ...]:
    font = font_for(style, fonts)
    cells = (
        wrap(label, font=font, size=FONT_SIZE, width=COLUMNS[0] - 6),
        wrap(text, font=font, size=FONT_SIZE, width=text_width(width, indent) - 6),
        wrap(date, font=font, size=FONT_SIZE, width=COLUMNS[1] - 6),
    )
    return tuple(tuple(cell[:MAX_LINES]) for cell in cells)


def row_height(row: Row, fonts: Fonts, width: float) -> float:
    lines = max(len(cell) for cell in row_lines(row, fonts, width))
    extra = 4.0 if row.style == "section" else 0.0
    return lines * LEADING + PADDING + extra


def available_height(height: float) -> float:
    return height - 2 * MARGIN - HEAD_BLOCK


def paginate(rows: tuple[Row, ...], *, fonts: Fonts, size: str) -> list[list[Row]]:
    """Rows per page; a table always has at least one page, even when empty."""
    width, height = page_size(size)
    room = available_height(height)
    pages: list[list[Row]] = [[]]
    used = 0.0
    for row in rows:
        needed = row_height(row, fonts, width)
        # A section heading never sits alone at the foot of a page.
        keep = needed + (LEADING + PADDING if row.style == "section" else 0.0)
        if pages[-1] and used + keep > room:
            pages.append([])
            used = 0.0
        pages[-1].append(row)
        used += needed
    return pages


def count_pages(rows: tuple[Row, ...], *, fonts: Fonts, size: str) -> int:
    return len(paginate(rows, fonts=fonts, size=size))
