"""What to do next on a case: the overview's cockpit.

The next deadline, the high findings and open conflicts of the gap report (each linked to where it
is fixed), documents still to translate or out of date, and the last bundle with whether documents
changed since it was built.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from article3.cases.models import Case, CaseCheck
from article3.findings import Finding, finding_id

if TYPE_CHECKING:
    from article3.bundles.models import BundleBuild
    from article3.claims.refs import RefLink, RefNames
    from article3.deadlines.models import Deadline
    from article3.evidence.models import Document

CONFLICT_CODES = frozenset({"date_conflict", "age_conflict", "place_conflict", "sequence_conflict"})


@dataclass(frozen=True)
class Todo:
    """One finding to act on: what it says, where to fix it, and what it refers to."""

    message: str
    url: str
    refs: list[RefLink]


@dataclass(frozen=True)
class Cockpit:
    next_deadline: Deadline | None
    high_findings: list[Todo]
    open_conflicts: list[Todo]
    untranslated: list[Document]
    stale: list[Document]
    last_bundle: BundleBuild | None
    changed_since_bundle: list[Document]

    @property
    def days_left(self) -> int | None:
        return self.next_deadline.days_left if self.next_deadline is not None else None


def case_cockpit(*, case: Case) -> Cockpit:
    from article3.claims.refs import RefNames
    from article3.claims.report import gap_report

    report, names = gap_report(case=case), RefNames(case)
    case_check_record(case=case, findings=report.findings)
    high = [f for f in report.findings if f.severity == "high"]
    documents = {d.key: d for d in case.documents.all()}
    last_bundle = _last_bundle(case)
    event_keys = set(case.events.values_list("key", flat=True))
    return Cockpit(
        next_deadline=(case.deadlines.filter(done_at__isnull=True, due__isnull=False).order_by("due", "pk").first()),
        high_findings=[_todo(case, f, names, event_keys) for f in high if f.code not in CONFLICT_CODES],
        open_conflicts=[_todo(case, f, names, event_keys) for f in high if f.code in CONFLICT_CODES],
        untranslated=_documents_named(report.findings, documents, "translation_missing"),
        stale=_documents_named(report.findings, documents, "evidence_stale"),
        last_bundle=last_bundle,
        changed_since_bundle=_changed_since(last_bundle, documents) if last_bundle is not None else [],
    )


def case_check_record(*, case: Case, findings: list[Finding]) -> None:
    """Keep the count of high findings for the dashboard, which cannot run every case's checks."""
    high = sum(1 for f in findings if f.severity == "high")
    now = timezone.now()
    last = CaseCheck.objects.filter(case=case).values_list("high_findings", "checked_at").first()
    if last is not None and last[0] == high and timezone.localdate(last[1]) == timezone.localdate(now):
        return  # the dashboard shows the count and the day: nothing to write (a write on every visit is not free)
    with transaction.atomic():
        CaseCheck.objects.update_or_create(case=case, defaults={"high_findings": high,
                                                                "checked_at": now})


def _todo(case: Case, finding: Finding, names: RefNames, event_keys: set[str]) -> Todo:
    anchor = finding_id(finding)
    events = [ref for ref in finding.refs if ref in event_keys]
    if finding.code in CONFLICT_CODES and events:
        url = reverse("case_event", kwargs={"case_id": case.public_id, "key": events[0]}) + f"#{anchor}"
    elif finding.code.startswith("interpreter_"):  # fixed on the case's bookings
        url = reverse("case_hearing_interpreters", kwargs={"case_id": case.public_id})
    else:
        url = reverse("case_gaps", kwargs={"case_id": case.public_id}) + f"#{anchor}"
    return Todo(message=names.plain(finding.message), url=url, refs=names.for_finding(finding))


def _documents_named(findings: list[Finding], documents: dict[str, Document], code: str) -> list[Document]:
    keys = dict.fromkeys(f.refs[0] for f in findings if f.code == code and f.refs)
    return [documents[key] for key in keys if key in documents]


def _last_bundle(case: Case) -> BundleBuild | None:
    from article3.bundles.models import BuildStatus

    return case.bundle_builds.filter(status=BuildStatus.DONE).order_by("-pk").first()


def _changed_since(build: BundleBuild, documents: dict[str, Document]) -> list[Document]:
    """Documents added, or whose searchable PDF changed, after the bundle was built."""
    built = dict(build.inputs)
    return [d for key, d in documents.items()
            if d.derived_sha256 and built.get(key) != d.derived_sha256]
