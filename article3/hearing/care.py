"""Trauma-informed interview notes: breaks, triggers, the preferred gender of interviewer and interpreter,
and the accommodations asked of the tribunal.

Shown on the hearing preparation pages; never put in a generated document (none of the builders
reads them) and left out of case packages exported for third parties (see interchange.exporter).
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from article3.audit.services import Actor, audit_record
from article3.cases.models import Case
from article3.hearing.models import InterviewCare
from article3.versioning import versioned_update

FIELDS = ("breaks", "triggers", "interviewer_gender", "interpreter_gender", "accommodations")


def care_get(*, case: Case) -> InterviewCare | None:
    return InterviewCare.objects.filter(case=case).first()


def _audit(actor: Actor, action: str, case: Case, care: InterviewCare) -> None:
    audit_record(actor=actor, action=action, obj=care, organisation_id=case.organisation_id, case_id=case.pk)


@transaction.atomic
def care_set(*, actor: Actor, case: Case, expected_version: int | None, **fields: Any) -> InterviewCare:
    """Create the notes, or change them if still at `expected_version` (StaleEdit otherwise)."""
    changes = {name: str(fields.get(name, "")).strip() for name in FIELDS}
    care = care_get(case=case)
    if care is None:
        care = InterviewCare.objects.create(case=case, **changes)
        _audit(actor, "hearing.care.added", case, care)
        return care
    care = versioned_update(care, expected_version=expected_version or 0, changes=changes)
    _audit(actor, "hearing.care.updated", case, care)
    return care


@transaction.atomic
def care_delete(*, actor: Actor, care: InterviewCare) -> None:
    _audit(actor, "hearing.care.deleted", care.case, care)
    care.delete()
