"""The chronology as a table to file: a PDF (for the bundle, as an exhibit or appendix) and a DOCX.

Events come in date order, the undated last, each with what every source says of it. Conflict
findings are not printed: they are the team's working notes, not part of what is filed.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from xml.sax.saxutils import escape

from django.utils import translation
from django.utils.translation import gettext_noop
from docx import Document as DocxDocument
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import LongTable, Paragraph, SimpleDocTemplate, Spacer, TableStyle

from article3.cases.models import Case
from article3.chronology.page import EventRow, event_rows
from article3.chronology.selectors import chronology_snapshot

if TYPE_CHECKING:
    from article3.exports.services import Made

HEADERS = ("No.", "Date", "Event", "Place", "Sources")
_WIDTHS_MM = (9, 32, 62, 30, 47)
EMPTY = "No events have been recorded."


@dataclass(frozen=True)
class Line:
    """One event of the exported table, as text."""

    number: int
    date: str
    event: str
    details: str  # kind and actors
    place: str
    sources: tuple[str, ...]


def chronology_lines(case: Case) -> list[Line]:
    # A document to file, in the filing language whatever the language of the person asking for it.
    with translation.override("en"):
        return [_line(n, row) for n, row in enumerate(event_rows(chronology_snapshot(case=case), []), start=1)]


def chronology_pdf(case: Case) -> bytes:
    """The chronology table as a PDF (A4, the same bytes for the same chronology)."""
    # The bundle's fonts (DejaVu Sans when present), imported here: bundles call this module.
    from article3.bundles.engine.text import TextGuard, load_fonts

    fonts = load_fonts()
    guard = TextGuard(fonts)
    body = ParagraphStyle("cell", fontName=fonts.regular, fontSize=8.5, leading=10.5)
    head = ParagraphStyle("head", parent=body, fontName=fonts.bold)
    title = ParagraphStyle("title", parent=body, fontName=fonts.bold, fontSize=14, leading=18)

    def cell(text: str, style: ParagraphStyle = body) -> Paragraph:
        return Paragraph(escape(guard.clean(text, ref="chronology")).replace("\n", "<br/>"), style)

    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=A4, leftMargin=15 * mm, rightMargin=15 * mm, topMargin=15 * mm,
                            bottomMargin=15 * mm, title="Chronology", author="", subject="", invariant=True)
    story: list[object] = [cell("Chronology", title), cell(f"Case {case.reference}"), Spacer(1, 4 * mm)]
    lines = chronology_lines(case)
    if not lines:
        story.append(cell(EMPTY))
    else:
        rows = [[cell(h, head) for h in HEADERS]]
        rows += [[cell(str(ln.number)), cell(ln.date), cell(_event_text(ln)), cell(ln.place),
                  cell("\n".join(ln.sources))] for ln in lines]
        table = LongTable(rows, colWidths=[w * mm for w in _WIDTHS_MM], repeatRows=1)
        table.setStyle(TableStyle([
            ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8eaee")),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ]))
        story.append(table)
    doc.build(story)
    return out.getvalue()


def chronology_docx(case: Case) -> bytes:
    """The chronology table as a Word document, to edit or to attach."""
    document = DocxDocument()
    document.core_properties.author = ""
    document.core_properties.title = "Chronology"
    document.add_heading("Chronology", level=1)
    document.add_paragraph(f"Case {case.reference}")
    lines = chronology_lines(case)
    if not lines:
        document.add_paragraph(EMPTY)
    else:
        table = document.add_table(rows=1, cols=len(HEADERS))
        table.style = "Table Grid"
        _header(table.rows[0], HEADERS)
        for ln in lines:
            values = (str(ln.number), ln.date, _event_text(ln), ln.place, "\n".join(ln.sources))
            for cell, value in zip(table.add_row().cells, values, strict=True):
                cell.text = value
                for run in cell.paragraphs[0].runs:
                    run.font.size = Pt(9)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _line(number: int, row: EventRow) -> Line:
    event = row.event
    actors = ", ".join(f"{a.get('name', '')}{' (official)' if a.get('official') else ''}" for a in event.actors)
    details = event.get_kind_display() + (f"; by {actors}" if actors else "")
    sources = tuple(_source_text(a.label, a.date, a.account.place, a.account.age_stated) for a in row.accounts)
    return Line(number=number, date=row.date.human() if row.date else (event.date or "undated"),
                event=event.title, details=details, place=event.place, sources=sources)


def _source_text(label: str, date: str, place: str, age: int | None) -> str:
    said = [date or "no date", *([place] if place else []), *([f"age {age}"] if age is not None else [])]
    return f"{label}: {', '.join(said)}"


def _event_text(line: Line) -> str:
    return f"{line.event}\n({line.details})"


def _header(row: object, headers: tuple[str, ...]) -> None:
    """Bold header cells, repeated at the top of each page."""
    for cell, text in zip(row.cells, headers, strict=True):  # type: ignore[attr-defined]
        cell.text = ""
        run = cell.paragraphs[0].add_run(text)
        run.bold = True
        run.font.size = Pt(9)
    properties = row._tr.get_or_add_trPr()  # type: ignore[attr-defined]
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    properties.append(repeat)


# --- on the worker (article3.exports), for a chronology too long to draw in a request -------------

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def chronology_pdf_make(*, actor: object, case: Case, options: dict[str, Any], folder: Path,
                        progress: Callable[[str], None]) -> Made:
    return _make(actor, case, folder, progress, "pdf", chronology_pdf, "application/pdf")


def chronology_docx_make(*, actor: object, case: Case, options: dict[str, Any], folder: Path,
                         progress: Callable[[str], None]) -> Made:
    return _make(actor, case, folder, progress, "docx", chronology_docx, DOCX_TYPE)


def _make(actor: object, case: Case, folder: Path, progress: Callable[[str], None], fmt: str,
          draw: Callable[[Case], bytes], content_type: str) -> Made:
    from article3.audit.services import audit_record
    from article3.evidence.filenames import safe_filename
    from article3.exports.services import Made

    progress(gettext_noop("Drawing the chronology"))
    path = folder / f"chronology.{fmt}"
    path.write_bytes(draw(case))
    audit_record(actor=actor, action="chronology.export.made", object_key=fmt,  # type: ignore[arg-type]
                 organisation_id=case.organisation_id, case_id=case.pk, detail={"format": fmt})
    return Made(path=path, filename=safe_filename(f"chronology-{case.reference}.{fmt}"), content_type=content_type)
