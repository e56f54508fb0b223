"""Writes for events, accounts and attempts at domestic remedies, and the reading of documents for
the dated statements the extraction assistant proposes."""

import logging
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from article3.audit.services import Actor, audit_record
from article3.cases.models import Case
from article3.cases.services import unique_key
from article3.chronology.models import (
    Account,
    ConflictNote,
    DomesticRemedy,
    Event,
    ExtractionStatus,
    ReviewDecision,
    StatementExtraction,
    StatementReview,
)
from article3.errors import DomainError
from article3.tasking import enqueue_with_transaction
from article3.versioning import versioned_update
from article3.words import NO_PROGRESS, Words, progress_fields

if TYPE_CHECKING:
    from article3.chronology.assistant import Statement
    from article3.evidence.models import Document

logger = logging.getLogger(__name__)

def validate_date(text: str) -> None:
    """Refuse a date that is not in the case-package format, naming the bad value."""
    from article3.chronology.dates import DateFormatError, FuzzyDate

    if text:
        try:
            FuzzyDate.parse(text)
        except DateFormatError as exc:
            raise DomainError(str(exc)) from exc


def _audit(actor: Actor, action: str, case: Case, obj: Any, key: str) -> None:
    audit_record(actor=actor, action=action, obj=obj, object_key=key,
                 organisation_id=case.organisation_id, case_id=case.pk)


@transaction.atomic
def event_add(*, actor: Actor, case: Case, key: str = "", **fields: Any) -> Event:
    validate_date(fields.get("date", ""))
    existing = set(case.events.values_list("key", flat=True))
    if key and key in existing:
        raise DomainError(f"An event with key '{key}' already exists in this case.")
    key = key or unique_key(existing=existing, prefix="e")
    event = Event.objects.create(case=case, key=key, **fields)
    _audit(actor, "chronology.event.added", case, event, event.key)
    return event


@transaction.atomic
def event_update(*, actor: Actor, event: Event, expected_version: int, changes: dict[str, Any]) -> Event:
    validate_date(changes.get("date", ""))
    event = versioned_update(event, expected_version=expected_version, changes=changes)
    _audit(actor, "chronology.event.updated", event.case, event, event.key)
    return event


@transaction.atomic
def event_delete(*, actor: Actor, event: Event) -> None:
    _audit(actor, "chronology.event.deleted", event.case, event, event.key)
    event.delete()


@transaction.atomic
def account_add(*, actor: Actor, event: Event, **fields: Any) -> Account:
    validate_date(fields.get("date", ""))
    _check_source(event, fields.get("document"), fields.get("interview", ""))
    account = Account.objects.create(event=event, **fields)
    _audit(actor, "chronology.account.added", event.case, account, event.key)
    return account


@transaction.atomic
def remedy_add(*, actor: Actor, case: Case, key: str = "", **fields: Any) -> DomesticRemedy:
    validate_date(fields.get("date", ""))
    existing = set(case.domestic_remedies.values_list("key", flat=True))
    key = key or unique_key(existing=existing, prefix="r")
    remedy = DomesticRemedy.objects.create(case=case, key=key, **fields)
    _audit(actor, "chronology.remedy.added", case, remedy, remedy.key)
    return remedy


@transaction.atomic
def remedy_update(
    *, actor: Actor, remedy: DomesticRemedy, expected_version: int, changes: dict[str, Any]
) -> DomesticRemedy:
    validate_date(changes.get("date", ""))
    remedy = versioned_update(remedy, expected_version=expected_version, changes=changes)
    _audit(actor, "chronology.remedy.updated", remedy.case, remedy, remedy.key)
    return remedy


@transaction.atomic
def remedy_delete(*, actor: Actor, remedy: DomesticRemedy) -> None:
    """Paragraphs of generated declarations that told this attempt keep their text and lose the link."""
    _audit(actor, "chronology.remedy.deleted", remedy.case, remedy, remedy.key)
    remedy.delete()


@transaction.atomic
def account_update(*, actor: Actor, account: Account, expected_version: int, changes: dict[str, Any]) -> Account:
    validate_date(changes.get("date", ""))
    _check_source(account.event, changes.get("document", account.document), changes.get("interview", account.interview))
    account = versioned_update(account, expected_version=expected_version, changes=changes)
    _audit(actor, "chronology.account.updated", account.event.case, account, account.event.key)
    return account


@transaction.atomic
def account_delete(*, actor: Actor, account: Account) -> None:
    _audit(actor, "chronology.account.deleted", account.event.case, account, account.event.key)
    account.delete()


def _check_source(event: Event, document: "Document | None", interview: str) -> None:
    if document is None and not interview.strip():
        raise DomainError(_("Say where the account comes from: a document of the case, or an interview."))
    if document is not None and document.case_id != event.case_id:
        raise DomainError(_("The document belongs to another case."))


# --- the extraction assistant's decisions ---------------------------------------------------

_REVIEW_ACTIONS: dict[str, str] = {
    ReviewDecision.NEW_EVENT: "chronology.statement.accepted_as_event",
    ReviewDecision.ACCOUNT: "chronology.statement.accepted_as_account",
    ReviewDecision.REJECTED: "chronology.statement.rejected",
}


@transaction.atomic
def statement_accept_as_event(
    *, actor: Actor, document: "Document", statement: "Statement", kind: str, title: str, date: str, place: str = ""
) -> Event:
    """A proposed statement becomes a new event, with the document as its first account."""
    _check_undecided(document, statement)
    event = event_add(actor=actor, case=document.case, kind=kind, title=title, date=date, place=place)
    account = _statement_account(actor, document, statement, event=event, date=date, place=place)
    _review(actor, document, statement, ReviewDecision.NEW_EVENT, event=event, account=account)
    return event


@transaction.atomic
def statement_accept_as_account(
    *, actor: Actor, document: "Document", statement: "Statement", event: Event, date: str, place: str = "",
    age_stated: int | None = None,
) -> Account:
    """A proposed statement becomes what this document says of an existing event."""
    _check_undecided(document, statement)
    if event.case_id != document.case_id:
        raise DomainError(_("The event belongs to another case."))
    account = _statement_account(actor, document, statement, event=event, date=date, place=place,
                                 age_stated=age_stated)
    _review(actor, document, statement, ReviewDecision.ACCOUNT, event=event, account=account)
    return account


@transaction.atomic
def statement_reject(*, actor: Actor, document: "Document", statement: "Statement") -> StatementReview:
    _check_undecided(document, statement)
    return _review(actor, document, statement, ReviewDecision.REJECTED)


def _check_undecided(document: "Document", statement: "Statement") -> None:
    if document.statement_reviews.filter(fingerprint=statement.fingerprint).exists():
        raise DomainError(_("This statement was already decided on; nothing was added."))


def _statement_account(
    actor: Actor, document: "Document", statement: "Statement", *, event: Event, date: str, place: str,
    age_stated: int | None = None,
) -> Account:
    return account_add(actor=actor, event=event, document=document, page=statement.page,
                       paragraph=statement.paragraph, date=date, place=place, age_stated=age_stated,
                       quote=statement.sentence)


def _review(
    actor: Actor, document: "Document", statement: "Statement", decision: str, *,
    event: Event | None = None, account: Account | None = None,
) -> StatementReview:
    review = StatementReview.objects.create(
        document=document, fingerprint=statement.fingerprint, page=statement.page,
        paragraph=statement.paragraph, decision=decision, event=event, account=account)
    audit_record(actor=actor, action=_REVIEW_ACTIONS[decision], obj=review, object_key=document.key,
                 organisation_id=document.case.organisation_id, case_id=document.case_id,
                 detail={"page": statement.page, "paragraph": statement.paragraph})
    return review


@transaction.atomic
def conflict_note_set(*, actor: Actor, case: Case, conflict_id: str, status: str, note: str) -> ConflictNote:
    """Mark a conflict explained (with the explanation) or resolved by correcting a source."""
    if not note.strip():
        raise DomainError(_("Say how the conflict is explained, or what was corrected and where."))
    answer, created = ConflictNote.objects.get_or_create(case=case, conflict_id=conflict_id,
                                                         defaults={"status": status, "note": note})
    if not created:
        answer.status, answer.note, answer.version = status, note, answer.version + 1
        answer.save()
    _audit(actor, f"chronology.conflict.{status}", case, answer, conflict_id)
    return answer


@transaction.atomic
def conflict_note_remove(*, actor: Actor, answer: ConflictNote) -> None:
    """Reopen the conflict: it counts again at its own severity."""
    _audit(actor, "chronology.conflict.reopened", answer.case, answer, answer.conflict_id)
    answer.delete()


# Reading a document for dated statements: queued from its page, done on the worker.

# Kept on the reading in English, and shown in the reader's language (both are in the catalogue).
READ_WAITING = gettext_noop("Waiting for the worker to read the document")
READ_TEXT = gettext_noop("Reading the text")
READ_PAGE = gettext_noop("Reading page %(page)s of %(pages)s")
READ_FAILED = gettext_noop("The document's text could not be read for dates. Read it again; if it fails again, "
                           "ask your administrator.")


def statements_read_request(*, actor: Actor, document: "Document", again: bool = False) -> StatementExtraction:
    """The document's reading for dated statements: the one kept for its current text, or a new one
    queued for the worker (the first visit, or after its text changed; `again` after a failure)."""
    from article3.chronology.assistant import text_version
    from article3.chronology.tasks import statements_extract_task

    version = text_version(document)
    with transaction.atomic():
        found = StatementExtraction.objects.select_for_update().filter(document=document).first()
        if found is not None and found.text_version == version and not (again and found.finished):
            return found
        values = {"text_version": version, "status": ExtractionStatus.QUEUED, **progress_fields(READ_WAITING),
                  "error_message": "", "statements": [], "found": 0, "requested_at": timezone.now(),
                  "finished_at": None}
        found, _ = StatementExtraction.objects.update_or_create(document=document, defaults=values)
        audit_record(actor=actor, action="chronology.statements.read_requested", obj=found, object_key=document.key,
                     organisation_id=document.case.organisation_id, case_id=document.case_id)
        enqueue_with_transaction(statements_extract_task, found.pk)
    return found


def statements_read_run(*, extraction: StatementExtraction) -> StatementExtraction:
    """Read the document and keep the statements found (on the worker), each page shown on the way.
    Safe to run again: a finished reading is left as it is; an interrupted one reads the text again."""
    from article3.chronology.assistant import read_statements, text_version

    if extraction.finished:
        return extraction
    document = extraction.document
    _read_step(extraction, status=ExtractionStatus.RUNNING, **progress_fields(READ_TEXT))
    try:
        version = text_version(document)
        statements = read_statements(document=document, progress=_page_saver(extraction))
    except Exception:
        logger.exception("reading document %s for dates failed", document.pk)  # names no case text
        _read_step(extraction, status=ExtractionStatus.FAILED, **NO_PROGRESS, error_message=READ_FAILED,
                   finished_at=timezone.now())
        raise
    _read_step(extraction, status=ExtractionStatus.DONE, **NO_PROGRESS, text_version=version,
               statements=[s.as_json() for s in statements], found=len(statements), finished_at=timezone.now())
    return extraction


def _page_saver(extraction: StatementExtraction) -> Callable[[int, int], None]:
    last = [0.0]

    def save(page: int, pages: int) -> None:
        if time.monotonic() - last[0] >= 0.5:  # at most two writes a second, however short the pages
            last[0] = time.monotonic()
            _read_step(extraction, **progress_fields(Words(READ_PAGE, {"page": page, "pages": pages})))

    return save


def _read_step(extraction: StatementExtraction, **changes: Any) -> None:
    for name, value in changes.items():
        setattr(extraction, name, value)
    extraction.save(update_fields=list(changes))
