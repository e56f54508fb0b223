"""Writes for facts and their support: atomic, audited, keyword-only. The audit names keys and codes only."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction
from django.utils import translation
from django.utils.translation import gettext_noop

from article3.audit.services import Actor, audit_record
from article3.cases.models import Case
from article3.cases.services import unique_key
from article3.claims.models import Fact, Support, SupportKind
from article3.claims.report import GapReport, gap_report
from article3.errors import DomainError
from article3.rulepacks import RulePackError, load_pack
from article3.versioning import versioned_update
from article3.words import Words

if TYPE_CHECKING:
    from article3.exports.services import Made

_TARGETS = ("event", "document", "coi_citation")


def _audit(actor: Actor, action: str, case: Case, obj: Any, key: str, **detail: Any) -> None:
    audit_record(actor=actor, action=action, obj=obj, object_key=key, organisation_id=case.organisation_id,
                 case_id=case.pk, detail=detail or None)


def check_elements(*, case: Case, elements: list[str]) -> list[str]:
    """The codes, sorted and without repeats, if each is an applicable element of the case's pack."""
    try:
        pack = load_pack(case.forum)
    except RulePackError as exc:
        raise DomainError(str(exc)) from exc
    applicable = {element.code for element in pack.elements if element.applicable}
    unknown = sorted(set(elements) - applicable)
    if unknown:
        raise DomainError(f"Not an element of forum {case.forum}: {', '.join(unknown)}.")
    return sorted(set(elements), key=[e.code for e in pack.elements].index)


@transaction.atomic
def fact_add(*, actor: Actor, case: Case, text: str, elements: list[str], key: str = "",
             extra: dict[str, Any] | None = None) -> Fact:
    text = text.strip()
    if not text:
        raise DomainError("A fact needs its text.")
    codes = check_elements(case=case, elements=elements)
    existing = set(case.facts.values_list("key", flat=True))
    key = key or unique_key(existing=existing, prefix="f")
    try:
        with transaction.atomic():
            fact = Fact.objects.create(case=case, key=key, text=text, elements=codes, extra=extra or {})
    except IntegrityError as exc:
        raise DomainError(f"A fact with key '{key}' already exists in this case.") from exc
    _audit(actor, "claims.fact.added", case, fact, fact.key, elements=codes)
    return fact


@transaction.atomic
def fact_update(*, actor: Actor, fact: Fact, expected_version: int, changes: dict[str, Any]) -> Fact:
    case = fact.case
    if "elements" in changes:
        changes["elements"] = check_elements(case=case, elements=changes["elements"])
    if "text" in changes:
        changes["text"] = changes["text"].strip()
        if not changes["text"]:
            raise DomainError("A fact needs its text.")
    fact = versioned_update(fact, expected_version=expected_version, changes=changes)
    _audit(actor, "claims.fact.updated", case, fact, fact.key, elements=fact.elements)
    return fact


@transaction.atomic
def fact_delete(*, actor: Actor, fact: Fact) -> None:
    _audit(actor, "claims.fact.deleted", fact.case, fact, fact.key, support=fact.support.count())
    fact.delete()


def _check_support(case: Case, fields: dict[str, Any]) -> dict[str, Any]:
    """The support's fields, with only the target its kind names, each of the fact's own case."""
    kind = fields.get("kind")
    if kind not in SupportKind.values:
        raise DomainError(f"Unknown kind of support '{kind}'.")
    cleaned = {**fields, **{name: None for name in _TARGETS if name != kind}}
    if kind != SupportKind.TESTIMONY:
        target = cleaned.get(kind)
        if target is None:
            raise DomainError(f"Choose the {SupportKind(kind).label.lower()} this fact rests on.")
        if target.case_id != case.pk:
            raise DomainError("That item belongs to another case.")
    cleaned["pages"] = (cleaned.get("pages") or "").strip()
    return cleaned


@transaction.atomic
def support_add(*, actor: Actor, fact: Fact, **fields: Any) -> Support:
    cleaned = _check_support(fact.case, fields)
    support = Support.objects.create(fact=fact, **cleaned)
    _audit(actor, "claims.support.added", fact.case, support, fact.key, kind=support.kind,
           target=support.target_key)
    return support


@transaction.atomic
def support_update(*, actor: Actor, support: Support, expected_version: int, changes: dict[str, Any]) -> Support:
    fact = support.fact
    current = {name: getattr(support, name) for name in ("kind", *_TARGETS)}
    changes = _check_support(fact.case, {**current, **changes})
    support = versioned_update(support, expected_version=expected_version, changes=changes)
    _audit(actor, "claims.support.updated", fact.case, support, fact.key, kind=support.kind,
           target=support.target_key)
    return support


@transaction.atomic
def support_delete(*, actor: Actor, support: Support) -> None:
    fact = support.fact
    _audit(actor, "claims.support.deleted", fact.case, support, fact.key, kind=support.kind,
           target=support.target_key)
    support.delete()


@transaction.atomic
def gap_report_check(*, actor: Actor, case: Case, today: datetime.date | None = None) -> GapReport:
    """The gap report, for the command line or a script: audited like a page view."""
    report = gap_report(case=case, today=today)
    _audit(actor, "claims.gap_report.checked", case, None, str(case.public_id), findings=len(report.findings))
    return report


def gap_report_export(*, actor: Actor, case: Case, today: datetime.date | None = None,
                      progress: Callable[[Words], None] | None = None) -> bytes:
    """The gap report as a PDF; every export is audited. Reads, then writes one audit entry: no
    transaction is held open while the report is checked and drawn (its steps show on the way)."""
    from article3.claims.pdf import gap_report_pdf

    if progress is not None:
        progress(Words(gettext_noop("Checking the case against the elements, the evidence and the chronology")))
    # The PDF's own words are English: so are its findings, whatever language the request that asked for it
    # was in (the worker has none; an immediate task backend runs in the request).
    with translation.override("en"):
        report = gap_report(case=case, today=today)
        if progress is not None:
            progress(Words(gettext_noop("Writing the PDF (findings: %(count)s)"), {"count": len(report.findings)}))
        content = gap_report_pdf(report)
    _audit(actor, "claims.gap_report.exported", case, None, str(case.public_id), format="pdf", bytes=len(content),
           findings=len(report.findings))
    return content


def gap_report_make(*, actor: Actor, case: Case, options: dict[str, Any], folder: Path,
                    progress: Callable[[Words], None]) -> Made:
    """The gap report as a PDF file, made on the worker (see article3.exports)."""
    from article3.evidence.filenames import safe_filename
    from article3.exports.services import Made

    path = folder / "gap-report.pdf"
    path.write_bytes(gap_report_export(actor=actor, case=case, progress=progress))
    return Made(path=path, filename=safe_filename(f"gap-report-{case.reference}.pdf"), content_type="application/pdf")
