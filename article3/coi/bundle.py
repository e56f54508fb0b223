"""What a case's bundle takes from the library: each cited report as an exhibit, and the
annotated country conditions index (each report with its cited passages and pinpoints)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from article3.bundles.engine import AnnotatedReport, CitedPassage
from article3.cases.models import Case
from article3.coi.models import CoiCitation, Report

QUOTE_CHARS = 300
ELLIPSIS = "\u2026"


@dataclass(frozen=True)
class CitedReport:
    report: Report
    citations: tuple[CoiCitation, ...]  # in the report's reading order

    @property
    def key(self) -> str:
        return exhibit_key(self.report)


def exhibit_key(report: Report) -> str:
    """The report's key in the bundle; document keys start with "d", citation keys are "coi-<n>"."""
    return f"coi-report-{report.pk}"


def cited_reports(case: Case) -> list[CitedReport]:
    """The reports the case cites, each with its citations; the case was loaded through its
    access selector, and citations only ever name reports of the case's organisation."""
    citations = (CoiCitation.objects.filter(case=case, report__organisation_id=case.organisation_id)
                 .select_related("report", "passage").defer("passage__embedding", "passage__search_vector")
                 .order_by("report_id", "paragraph", "pk"))
    grouped: dict[int, list[CoiCitation]] = {}
    for citation in citations:
        grouped.setdefault(citation.report_id, []).append(citation)
    return [CitedReport(group[0].report, tuple(group)) for group in grouped.values()]


def shorten(quote: str, limit: int = QUOTE_CHARS) -> str:
    """The quote as the index prints it: whole if short, else cut at a word with an ellipsis."""
    text = " ".join(quote.split())
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0] if " " in text[:limit] else text[:limit]
    return cut.rstrip(" ,;:.-") + ELLIPSIS


def pinpoint(citation: CoiCitation) -> str:
    """Where the passage is in the report as published: its page (PDFs) and paragraph."""
    page = f"p. {citation.page}, " if citation.page else ""
    return f"{page}\u00b6 {citation.paragraph}"


def exhibit_page(citation: CoiCitation) -> int:
    """The page of the report's exhibit on which the passage begins; the first page when
    that is not known (a passage of a web page whose words were not found in its PDF form)."""
    return citation.passage.pdf_page or 1


def annotated(cited: list[CitedReport]) -> tuple[AnnotatedReport, ...]:
    return tuple(
        AnnotatedReport(
            title=item.report.title, exhibit_key=item.key,
            passages=tuple(CitedPassage(page=exhibit_page(c), quote=shorten(c.quote), pinpoint=pinpoint(c))
                           for c in item.citations),
        )
        for item in cited
    )


def citation_fingerprint(citation: CoiCitation) -> str:
    """What the index shows of a citation, hashed: a changed quote or page is a changed input."""
    parts = [str(citation.report_id), str(citation.paragraph), str(exhibit_page(citation)), citation.quote]
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()
