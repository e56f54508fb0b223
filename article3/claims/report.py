"""The gap report: every finding on a case (the matrix, the evidence and the chronology checks) in
one list, the most serious first, and from it the questions to ask the client at the next meeting.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, replace

from django.utils import timezone

from article3.cases.models import Case
from article3.claims.checks import matrix_findings
from article3.claims.evidence_checks import evidence_context, evidence_findings
from article3.claims.selectors import ClaimsSnapshot, ElementRow, claims_snapshot
from article3.claims.sources import IP_CITATION
from article3.findings import Finding
from article3.portal.questions import Question, client_questions

SEVERITY_ORDER = {"high": 0, "medium": 1, "low": 2}


@dataclass(frozen=True)
class GapReport:
    case: Case
    snapshot: ClaimsSnapshot
    findings: list[Finding]
    questions: list[Question]
    reference: datetime.date  # the hearing date, or the day the report was made

    def as_json(self) -> dict[str, object]:
        return {"findings": [finding.as_json() for finding in self.findings],
                "medical_evidence": self.medical_evidence_json()}

    @property
    def levels(self) -> list[ElementRow]:
        """The elements with medical evidence, each support with its Istanbul Protocol level."""
        return [row for row in self.snapshot.rows if row.medical_levels]

    def medical_evidence_json(self) -> list[dict[str, str]]:
        return [{"element": row.element.code, "source": item.key, "finding": item.finding, "level": item.level,
                 "weight": item.ip_level.weight if item.ip_level else "", "cited": IP_CITATION}
                for row in self.levels for item in row.medical_levels]

    @property
    def ip_citation(self) -> str:
        return IP_CITATION

    def count(self, severity: str) -> int:
        return sum(1 for finding in self.findings if finding.severity == severity)

    @property
    def counts(self) -> dict[str, int]:
        return {severity: self.count(severity) for severity in SEVERITY_ORDER}


def chronology_findings(case: Case) -> list[Finding]:
    """The chronology's consistency checks, when the chronology app provides them."""
    try:
        from article3.chronology.selectors import chronology_findings as found
    except ImportError:  # pragma: no cover - an installation without the chronology checks
        return []
    return found(case)


def interpreting_findings(case: Case, today: datetime.date) -> list[Finding]:
    """Interpreters: none booked for the hearing, or one who does not fit (article3.interpreters.checks)."""
    from article3.interpreters.checks import interpreter_findings

    return interpreter_findings(case=case, today=today)


def gap_report(*, case: Case, today: datetime.date | None = None) -> GapReport:
    """Every gap in the case, the most serious first (stable within a severity)."""
    from article3.snapshots import kept

    today = today or timezone.localdate()
    report = kept("gap_report", case, lambda: _read_report(case, today),
                  extra=(today, case.forum, case.hearing_date))  # as the caller's case has them
    if report.case is case:
        return report
    return replace(report, case=case, snapshot=replace(report.snapshot, case=case))


def case_evidence_findings(*, case: Case, today: datetime.date) -> list[Finding]:
    """The evidence checks' findings (translations, currency, pages), kept until the case changes."""
    from article3.rulepacks import load_pack
    from article3.snapshots import kept

    def read() -> list[Finding]:
        return list(evidence_findings(evidence_context(case=case, pack=load_pack(case.forum), today=today)))

    return kept("evidence_findings", case, read, extra=(today, case.forum, case.hearing_date))


def _read_report(case: Case, today: datetime.date) -> GapReport:
    snapshot = claims_snapshot(case=case)
    found = [*matrix_findings(snapshot), *case_evidence_findings(case=case, today=today), *chronology_findings(case),
             *interpreting_findings(case, today)]
    found.sort(key=lambda finding: SEVERITY_ORDER.get(finding.severity, 3))
    return GapReport(case=case, snapshot=snapshot, findings=found,
                     questions=client_questions(case=case, snapshot=snapshot, findings=found),
                     reference=case.hearing_date or today)  # as the evidence checks reckon it
