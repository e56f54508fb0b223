"""Writes for events, accounts and attempts at domestic remedies."""

from typing import Any

from django.db import transaction

from article3.audit.services import Actor, audit_record
from article3.cases.models import Case
from article3.cases.services import unique_key
from article3.chronology.models import Account, DomesticRemedy, Event
from article3.errors import DomainError
from article3.versioning import versioned_update


def _validate_date(text: str) -> None:
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
    _validate_date(fields.get("date", ""))
    existing = set(case.events.values_list("key", flat=True))
    if key and key in existing:
        raise DomainError(f"An event with key '{key}' already exists in this case.")
    key = key or unique_key(existing=existing, prefix="e", text=f"{fields['kind']}-{fields.get('date', '')}")
    event = Event.objects.create(case=case, key=key, **fields)
    _audit(actor, "chronology.event.added", case, event, event.key)
    return event


@transaction.atomic
def event_update(*, actor: Actor, event: Event, expected_version: int, changes: dict[str, Any]) -> Event:
    _validate_date(changes.get("date", ""))
    event = versioned_update(event, expected_version=expected_version, changes=changes)
    _audit(actor, "chronology.event.updated", event.case, event, event.key)
    return event


@transaction.atomic
def event_delete(*, actor: Actor, event: Event) -> None:
    _audit(actor, "chronology.event.deleted", event.case, event, event.key)
    event.delete()


@transaction.atomic
def account_add(*, actor: Actor, event: Event, **fields: Any) -> Account:
    _validate_date(fields.get("date", ""))
    account = Account.objects.create(event=event, **fields)
    _audit(actor, "chronology.account.added", event.case, account, event.key)
    return account


@transaction.atomic
def remedy_add(*, actor: Actor, case: Case, key: str = "", **fields: Any) -> DomesticRemedy:
    _validate_date(fields.get("date", ""))
    existing = set(case.domestic_remedies.values_list("key", flat=True))
    key = key or unique_key(existing=existing, prefix="r", text=f"{fields['body']}-{fields.get('date', '')}")
    remedy = DomesticRemedy.objects.create(case=case, key=key, **fields)
    _audit(actor, "chronology.remedy.added", case, remedy, remedy.key)
    return remedy
