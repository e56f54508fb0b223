"""Notes taken at the hearing, and its outcome: an oral decision recorded here is a decision of the case,
and starts the deadlines the forum's rule pack computes from it."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from article3.audit.services import Actor, audit_record
from article3.cases.models import Case
from article3.errors import DomainError
from article3.hearing.models import HearingNote
from article3.versioning import versioned_update

MAX_NOTE = 20_000


def _audit(actor: Actor, action: str, case: Case, note: HearingNote) -> None:
    audit_record(actor=actor, action=action, obj=note, object_key=str(note.pk),
                 organisation_id=case.organisation_id, case_id=case.pk)


def _clean(text: str) -> str:
    text = text.strip()
    if not text:
        raise DomainError(_("Write the note before saving it."))
    if len(text) > MAX_NOTE:
        raise DomainError(_("The note is too long: keep it under %(count)s characters.")
                          % {"count": number_format(MAX_NOTE, force_grouping=True)})
    return text


@transaction.atomic
def note_add(*, actor: Actor, case: Case, text: str, question_id: str = "", judge_asked: bool = False) -> HearingNote:
    note = HearingNote.objects.create(case=case, text=_clean(text), question_id=question_id,
                                      judge_asked=judge_asked)
    _audit(actor, "hearing.note.added", case, note)
    return note


@transaction.atomic
def note_update(*, actor: Actor, note: HearingNote, expected_version: int, text: str,
                judge_asked: bool) -> HearingNote:
    updated = versioned_update(note, expected_version=expected_version,
                               changes={"text": _clean(text), "judge_asked": judge_asked})
    _audit(actor, "hearing.note.updated", note.case, updated)
    return updated


@transaction.atomic
def note_delete(*, actor: Actor, note: HearingNote) -> None:
    _audit(actor, "hearing.note.deleted", note.case, note)
    note.delete()


def oral_decision_record(*, actor: Actor, case: Case, **fields: Any) -> Any:
    """The decision announced at the hearing, served orally: recorded with the deadlines it starts."""
    from article3.deadlines.services import decision_record

    return decision_record(actor=actor, case=case, **{**fields, "service": fields.get("service") or "oral"})
