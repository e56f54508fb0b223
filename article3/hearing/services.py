"""Writes for hearing preparation: the client's answers, and the lawyer's approval of them.

An approved answer to a conflict becomes the conflict's explanation (the chronology's conflict
note), so that the gap report shows it and the declaration draft tells it under "Why some details
differ". Changing an approved answer withdraws the approval: what the record says must have been
approved as it stands.
"""

from typing import Any

from django.db import transaction
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from article3.audit.services import Actor, audit_record
from article3.cases.models import Case
from article3.chronology.models import ConflictStatus
from article3.chronology.services import conflict_note_remove, conflict_note_set
from article3.errors import DomainError, NotPermitted
from article3.hearing.models import CrossAnswer
from article3.hearing.questions import CONFLICT_CODES, preparation
from article3.versioning import versioned_update

MAX_ANSWER = 20_000


def _audit(actor: Actor, action: str, case: Case, obj: Any, key: str) -> None:
    audit_record(actor=actor, action=action, obj=obj, object_key=key,
                 organisation_id=case.organisation_id, case_id=case.pk)


def _clean(text: str) -> str:
    text = text.strip()
    if not text:
        raise DomainError(_("Write the client's answer before saving it."))
    if len(text) > MAX_ANSWER:
        raise DomainError(_("The answer is too long: keep it under %(count)s characters.")
                          % {"count": number_format(MAX_ANSWER, force_grouping=True)})
    return text


@transaction.atomic
def answer_record(*, actor: Actor, case: Case, question_id: str, answer: str) -> CrossAnswer:
    """Record the client's answer to an open question (one answer per question)."""
    text = _clean(answer)
    question = preparation(case=case).by_id(question_id)
    if question is None or question.answered:
        raise DomainError(_("That question is no longer open: the record changed or it was answered. "
                            "Reload the page to see the questions as they stand."))
    if CrossAnswer.objects.filter(case=case, question_id=question_id).exists():
        raise DomainError(_("This question already has an answer: edit that answer instead."))
    recorded = CrossAnswer.objects.create(case=case, question_id=question_id, finding=question.finding.code,
                                          answer=text)
    _audit(actor, "hearing.answer.added", case, recorded, question_id)
    return recorded


@transaction.atomic
def answer_update(*, actor: Actor, answer: CrossAnswer, expected_version: int, text: str) -> CrossAnswer:
    """Change an answer; an approved one loses its approval (and the conflict reopens) until approved again."""
    cleaned = _clean(text)
    if answer.approved:
        _withdraw(actor, answer)
    updated = versioned_update(answer, expected_version=expected_version,
                               changes={"answer": cleaned, "approved": False})
    _audit(actor, "hearing.answer.updated", answer.case, updated, updated.question_id)
    return updated


@transaction.atomic
def answer_approve(*, actor: Actor, answer: CrossAnswer) -> CrossAnswer:
    """The lawyer approves the answer: a conflict's answer becomes its explanation."""
    if answer.approved:
        return answer
    case = answer.case
    _check_lawyer(actor, case)
    if answer.finding in CONFLICT_CODES:
        question = preparation(case=case).by_id(answer.question_id)
        if question is None:
            raise DomainError(_("The conflict this answer was given to is no longer found in the record, so the "
                                "answer cannot explain it. Edit or delete the answer."))
        if question.answered:
            raise DomainError(_("This conflict is already explained or corrected in the chronology. Reopen it "
                                "there first if this answer should replace that explanation."))
        conflict_note_set(actor=actor, case=case, conflict_id=answer.question_id,
                          status=ConflictStatus.EXPLAINED, note=answer.answer)
    answer = versioned_update(answer, expected_version=answer.version, changes={"approved": True})
    _audit(actor, "hearing.answer.approved", case, answer, answer.question_id)
    return answer


@transaction.atomic
def answer_withdraw(*, actor: Actor, answer: CrossAnswer) -> CrossAnswer:
    """Take back the approval: a conflict explained by this answer is open again."""
    if not answer.approved:
        return answer
    _withdraw(actor, answer)
    answer = versioned_update(answer, expected_version=answer.version, changes={"approved": False})
    _audit(actor, "hearing.answer.withdrawn", answer.case, answer, answer.question_id)
    return answer


@transaction.atomic
def answer_delete(*, actor: Actor, answer: CrossAnswer) -> None:
    if answer.approved:
        _withdraw(actor, answer)
    _audit(actor, "hearing.answer.deleted", answer.case, answer, answer.question_id)
    answer.delete()


def _check_lawyer(actor: Actor, case: Case) -> None:
    """Only the case's attorney (or the organisation's admin) approves what goes into the record."""
    from article3.accounts.models import Role
    from article3.cases.selectors import case_role

    if isinstance(actor, str) or actor is None:
        return  # a named operator at this machine's command line
    if case_role(user=actor, case=case) not in (Role.ATTORNEY, Role.ADMIN):
        raise NotPermitted(_("Only the case's attorney can approve an answer for the record."))


def _withdraw(actor: Actor, answer: CrossAnswer) -> None:
    """Reopen the conflict when its explanation is still the one this answer gave."""
    if answer.finding not in CONFLICT_CODES:
        return
    note = answer.case.conflict_notes.filter(conflict_id=answer.question_id).first()
    if note is not None and note.note == answer.answer:
        conflict_note_remove(actor=actor, answer=note)
