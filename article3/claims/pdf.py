"""The gap report as a PDF for the case file: the element summary, the findings and the client's questions.

A working document for the team (it is never filed): it names gaps, not narrative.
"""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import LongTable, Paragraph, SimpleDocTemplate, Spacer, TableStyle

from article3.bundles.engine.text import TextGuard, load_fonts
from article3.claims.report import GapReport
from article3.claims.sources import SOURCE_CLASSES

_SHORT = {"applicant": "Applicant", "witness": "Witness", "documents": "Records", "medical": "Medical",
          "expert": "Expert", "country": "Country"}
SCALE = ("Each number counts distinct sources: 0 = nothing (red), 1 = one source (weak, amber), 2 or more = "
         "stronger (green). Columns: the applicant's own testimony; other witnesses; records (identity papers, "
         "records of abuse, threats, complaints, other documents); medical and psychological reports; expert "
         "opinions; country information.")
_HEAT = {"none": colors.HexColor("#f6d5d3"), "weak": colors.HexColor("#fbe7b5"), "strong": colors.HexColor("#cfe8cf")}
_GRID = TableStyle([
    ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
    ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8eaee")),
    ("VALIGN", (0, 0), (-1, -1), "TOP"),
])


class _Writer:
    def __init__(self) -> None:
        fonts = load_fonts()
        self.guard = TextGuard(fonts)
        self.body = ParagraphStyle("cell", fontName=fonts.regular, fontSize=8.5, leading=10.5)
        self.bold = ParagraphStyle("head", parent=self.body, fontName=fonts.bold)
        self.small = ParagraphStyle("small", parent=self.bold, fontSize=7.5, leading=9.5)
        self.title = ParagraphStyle("title", parent=self.bold, fontSize=14, leading=18, spaceAfter=4)
        self.heading = ParagraphStyle("h2", parent=self.bold, fontSize=11, leading=14, spaceBefore=8, spaceAfter=4)

    def p(self, text: str, style: ParagraphStyle | None = None) -> Paragraph:
        return Paragraph(escape(self.guard.clean(text, ref="gap-report")), style or self.body)


def gap_report_pdf(report: GapReport) -> bytes:
    """The report as A4 PDF bytes (the same bytes for the same report)."""
    w = _Writer()
    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=A4, leftMargin=15 * mm, rightMargin=15 * mm, topMargin=15 * mm,
                            bottomMargin=15 * mm, title="Gap report", author="", subject="", invariant=True)
    counts, standard = report.counts, report.snapshot.pack.standard
    story: list[object] = [
        w.p(f"Gap report · case {report.case.reference}", w.title),
        w.p(f"Forum: {report.snapshot.pack.name}. Checked against {report.reference:%d %B %Y} "
            f"({'the hearing date' if report.case.hearing_date else 'no hearing date set'}). "
            f"{counts['high']} high, {counts['medium']} medium, {counts['low']} low."),
        w.p(f"Standard: {standard.text} Source: {standard.source.describe()}."),
        w.p("Elements and their sources", w.heading), w.p(SCALE), Spacer(1, 2 * mm), _matrix(w, report),
        w.p("Findings", w.heading), _findings(w, report), *_levels(w, report),
        w.p("Questions for the client", w.heading), *_questions(w, report),
    ]
    doc.build(story)
    return out.getvalue()


def _matrix(w: _Writer, report: GapReport) -> LongTable:
    rows: list[list[object]] = [[w.p("Element", w.bold), *(w.p(_SHORT[code], w.small) for code, _, _ in SOURCE_CLASSES),
                                 w.p("Status", w.bold)]]
    style = list(_GRID.getCommands())
    for y, row in enumerate(report.snapshot.rows, start=1):
        badge = "" if row.element.source.verified else " (unverified)"
        checked = f"last verified {row.element.last_verified:%-d %B %Y}"
        rows.append([w.p(f"{row.element.label}{badge}, {checked}"), *(w.p(str(c.count)) for c in row.cells),
                     w.p(str(row.status_text))])
        style += [("BACKGROUND", (x, y), (x, y), _HEAT[cell.level]) for x, cell in enumerate(row.cells, start=1)]
    table = LongTable(rows, colWidths=[36 * mm, *([18.5 * mm] * len(SOURCE_CLASSES)), 33 * mm], repeatRows=1)
    table.setStyle(TableStyle(style))
    return table


def _findings(w: _Writer, report: GapReport) -> LongTable | Paragraph:
    if not report.findings:
        return w.p("No gaps found.")
    rows: list[list[object]] = [[w.p(h, w.small) for h in ("Severity", "What is missing", "What to do", "Refers to")]]
    rows += [[w.p(f.severity), w.p(f.message), w.p(f.advice), w.p(", ".join(f.refs))]
             for f in report.findings]
    table = LongTable(rows, colWidths=[17 * mm, 69 * mm, 64 * mm, 30 * mm], repeatRows=1)
    table.setStyle(_GRID)
    return table


def _levels(w: _Writer, report: GapReport) -> list[object]:
    """Each medical support with its Istanbul Protocol level, citing the paragraph that defines the levels."""
    if not report.levels:
        return []
    rows: list[list[object]] = [[w.p(h, w.small) for h in ("Element", "Medical evidence", "Level")]]
    for row in report.levels:
        for item in row.medical_levels:
            source = f"{item.label} ({item.finding or item.key})"
            rows.append([w.p(row.element.label), w.p(source), w.p(item.level_text)])
    table = LongTable(rows, colWidths=[50 * mm, 75 * mm, 55 * mm], repeatRows=1)
    table.setStyle(_GRID)
    return [w.p("Medical evidence by level of consistency", w.heading), table,
            w.p(f"Source: {report.ip_citation}.", w.small)]


def _questions(w: _Writer, report: GapReport) -> list[object]:
    if not report.questions:
        return [w.p("No questions: nothing the client could help with is missing.")]
    story: list[object] = []
    topic = None
    for number, question in enumerate(report.questions, start=1):
        if question.topic != topic:
            topic = question.topic
            story.append(Spacer(1, 2 * mm))
            story.append(w.p(topic, w.bold))
        story.append(w.p(f"{number}. {question.text}"))
    return story
