"""The pages the engine draws itself: cover, index, country index and tab pages.

One reportlab document per volume holds all of them, so each volume embeds the font subset
once. Page numbers are not drawn here; every page is stamped later, like the exhibits.
"""

from __future__ import annotations

import datetime
import io
from collections.abc import Mapping
from dataclasses import dataclass

from reportlab.pdfgen.canvas import Canvas

from article3.bundles.engine.plan import Doc, VolumePlan
from article3.bundles.engine.tables import (
    COLUMNS,
    FONT_SIZE,
    HEAD_BLOCK,
    INDENT,
    LEADING,
    MARGIN,
    PADDING,
    Row,
    font_for,
    page_size,
    paginate,
    row_height,
    row_lines,
)
from article3.bundles.engine.text import Fonts, wrap

MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
)

Targets = Mapping[str, tuple[str, int | None]]  # row target → (pages column, page to link to)


@dataclass(frozen=True)
class CoverText:
    title: str
    case_reference: str
    forum_label: str
    prepared_by: str | None
    date: datetime.date


@dataclass(frozen=True)
class Link:
    page: int  # 0-based page of the volume that carries the link
    rect: tuple[float, float, float, float]
    target: int  # bundle page the link goes to


@dataclass(frozen=True)
class Rendered:
    pdf: bytes
    front_pages: int
    tabs: tuple[str, ...]  # exhibit keys, in the order of the tab pages after the front pages
    links: tuple[Link, ...]


@dataclass(frozen=True)
class Style:
    size: str
    fonts: Fonts
    index_title: str
    label_header: str
    parts: int


def format_date(day: datetime.date) -> str:
    # Fixed English month names: strftime("%B") would follow the process locale.
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def render_volume(
    *, plan: VolumePlan, cover: CoverText, style: Style, targets: Targets
) -> Rendered:
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=page_size(style.size), invariant=1, pageCompression=1)
    links: list[Link] = []
    if plan.cover:
        _draw_cover(canvas, cover=cover, plan=plan, style=style)
    if plan.index_pages:
        title = style.index_title + _part_suffix(plan, style)
        links += _draw_table(canvas, plan.index_rows, title=title, style=style, targets=targets)
    if plan.country_rows:
        title = "Country conditions index"
        links += _draw_table(canvas, plan.country_rows, title=title, style=style, targets=targets)
    tabs = tuple(seg.doc for seg in plan.segments if seg.separator)
    for doc in tabs:
        _draw_tab(canvas, doc=doc, style=style)
    canvas.save()
    keys = tuple(doc.key for doc in tabs)
    return Rendered(buffer.getvalue(), plan.front_pages, keys, tuple(links))


def _part_suffix(plan: VolumePlan, style: Style) -> str:
    return f" (Part {plan.number} of {style.parts})" if style.parts > 1 else ""


def _centred(canvas: Canvas, text: str, *, y: float, font: str, size: float) -> None:
    width, _ = page_size_of(canvas)
    canvas.setFont(font, size)
    canvas.drawCentredString(width / 2, y, text)


def page_size_of(canvas: Canvas) -> tuple[float, float]:
    return canvas._pagesize  # type: ignore[no-any-return]


def _draw_cover(canvas: Canvas, *, cover: CoverText, plan: VolumePlan, style: Style) -> None:
    width, height = page_size_of(canvas)
    fonts = style.fonts
    _centred(canvas, cover.forum_label, y=height - 2 * MARGIN, font=fonts.regular, size=13)
    y = height * 0.62
    for line in wrap(cover.title, font=fonts.bold, size=22, width=width - 2 * MARGIN)[:6]:
        _centred(canvas, line, y=y, font=fonts.bold, size=22)
        y -= 28
    _centred(canvas, cover.case_reference, y=y - 14, font=fonts.regular, size=14)
    if style.parts > 1:
        pages = f"{plan.first_page}\u2013{plan.last_page}"
        part = f"Part {plan.number} of {style.parts}: pages {pages}"
        _centred(canvas, part, y=y - 44, font=fonts.bold, size=13)
    if cover.prepared_by:
        prepared = f"Prepared by {cover.prepared_by}"
        _centred(canvas, prepared, y=MARGIN + 60, font=fonts.regular, size=12)
    _centred(canvas, format_date(cover.date), y=MARGIN + 40, font=fonts.regular, size=12)
    canvas.showPage()


def _draw_table(
    canvas: Canvas, rows: tuple[Row, ...], *, title: str, style: Style, targets: Targets
) -> list[Link]:
    links: list[Link] = []
    pages = paginate(rows, fonts=style.fonts, size=style.size)
    for number, page_rows in enumerate(pages):
        heading = title if number == 0 else f"{title} (continued)"
        _draw_table_head(canvas, heading=heading, style=style)
        page_index = canvas.getPageNumber() - 1
        y = page_size_of(canvas)[1] - MARGIN - HEAD_BLOCK
        for row in page_rows:
            link = _draw_row(canvas, row, top=y, style=style, targets=targets)
            if link is not None:
                links.append(Link(page_index, link[0], link[1]))
            y -= row_height(row, style.fonts, page_size_of(canvas)[0])
        canvas.showPage()
    return links


def _draw_table_head(canvas: Canvas, *, heading: str, style: Style) -> None:
    width, height = page_size_of(canvas)
    canvas.setFont(style.fonts.bold, 16)
    canvas.drawString(MARGIN, height - MARGIN - 16, heading)
    header_y = height - MARGIN - HEAD_BLOCK + 8
    canvas.setFont(style.fonts.bold, 9)
    x_text = MARGIN + COLUMNS[0]
    x_date = width - MARGIN - COLUMNS[2] - COLUMNS[1]
    canvas.drawString(MARGIN, header_y, style.label_header)
    canvas.drawString(x_text, header_y, "Description")
    canvas.drawString(x_date, header_y, "Date")
    canvas.drawRightString(width - MARGIN, header_y, "Pages")
    canvas.setLineWidth(0.6)
    canvas.line(MARGIN, header_y - 4, width - MARGIN, header_y - 4)


def _draw_row(
    canvas: Canvas, row: Row, *, top: float, style: Style, targets: Targets
) -> tuple[tuple[float, float, float, float], int] | None:
    width, _ = page_size_of(canvas)
    label, text, date = row_lines(row, style.fonts, width)
    font = font_for(row.style, style.fonts)
    canvas.setFont(font, FONT_SIZE)
    baseline = top - PADDING / 2 - FONT_SIZE + (0.0 if row.style != "section" else -4.0)
    x_text = MARGIN + COLUMNS[0] + row.indent * INDENT
    x_date = width - MARGIN - COLUMNS[2] - COLUMNS[1]
    _lines(canvas, label, x=MARGIN, y=baseline)
    _lines(canvas, text, x=x_text, y=baseline)
    _lines(canvas, date, x=x_date, y=baseline)
    pages, target = targets.get(row.target or "", ("", None))
    if pages:
        canvas.drawRightString(width - MARGIN, baseline, pages)
    if target is None:
        return None
    bottom = top - row_height(row, style.fonts, width)
    return (MARGIN, bottom, width - MARGIN, top), target


def _lines(canvas: Canvas, lines: tuple[str, ...], *, x: float, y: float) -> None:
    for line in lines:
        canvas.drawString(x, y, line)
        y -= LEADING


def _draw_tab(canvas: Canvas, *, doc: Doc, style: Style) -> None:
    width, height = page_size_of(canvas)
    word = "Exhibit" if style.label_header == "Exhibit" else "Tab"
    _centred(canvas, f"{word} {doc.label}", y=height * 0.55, font=style.fonts.bold, size=40)
    y = height * 0.55 - 40
    font = style.fonts.regular
    for line in wrap(doc.printable, font=font, size=14, width=width - 3 * MARGIN)[:6]:
        _centred(canvas, line, y=y, font=font, size=14)
        y -= 19
    canvas.showPage()
