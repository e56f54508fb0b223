"""Writes to the interpreter list and to a case's bookings: atomic, audited, never a name in the log."""

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from article3.accounts.models import EDITING_ROLES, Organisation
from article3.accounts.selectors import actor_has_org_role
from article3.audit.services import Actor, audit_record
from article3.cases.models import Case
from article3.errors import DomainError, NotPermitted
from article3.interpreters.models import Booking, BookingKind, Interpreter
from article3.versioning import versioned_update

INTERPRETER_FIELDS = ("name", "languages", "gender", "qualifications", "contact", "conflicts", "active")
BOOKING_FIELDS = ("kind", "date", "time", "language", "dialect", "gender", "interpreter", "note")


def _may_keep_list(actor: Actor, organisation_id: int) -> None:
    if not actor_has_org_role(actor=actor, organisation_id=organisation_id, roles=EDITING_ROLES):
        raise NotPermitted(_("Only the organisation's admins, attorneys and paralegals keep its interpreter list."))


def _audit_interpreter(actor: Actor, action: str, interpreter: Interpreter, **detail: Any) -> None:
    audit_record(actor=actor, action=f"interpreters.interpreter.{action}", obj=interpreter,
                 organisation_id=interpreter.organisation_id, detail=detail or None)


@transaction.atomic
def interpreter_add(*, actor: Actor, organisation: Organisation, **fields: Any) -> Interpreter:
    _may_keep_list(actor, organisation.pk)
    interpreter = Interpreter(organisation=organisation, **{k: v for k, v in fields.items() if k in INTERPRETER_FIELDS})
    interpreter.full_clean()
    interpreter.save()
    _audit_interpreter(actor, "added", interpreter)
    return interpreter


@transaction.atomic
def interpreter_update(*, actor: Actor, interpreter: Interpreter, expected_version: int,
                       changes: dict[str, Any]) -> Interpreter:
    _may_keep_list(actor, interpreter.organisation_id)
    changes = {k: v for k, v in changes.items() if k in INTERPRETER_FIELDS}
    updated = versioned_update(interpreter, expected_version=expected_version, changes=changes)
    _audit_interpreter(actor, "updated", updated)
    return updated


@transaction.atomic
def interpreter_delete(*, actor: Actor, interpreter: Interpreter) -> None:
    """The bookings stay on their cases, with no interpreter named: the cases then warn."""
    _may_keep_list(actor, interpreter.organisation_id)
    _audit_interpreter(actor, "deleted", interpreter, bookings=interpreter.bookings.count())
    interpreter.delete()


def _booking_fields(case: Case, fields: dict[str, Any]) -> dict[str, Any]:
    clean = {k: fields[k] for k in BOOKING_FIELDS if k in fields}
    interpreter = clean.get("interpreter")
    if interpreter is not None and interpreter.organisation_id != case.organisation_id:
        raise DomainError(_("Choose an interpreter from your organisation's list."))
    if clean.get("kind") == BookingKind.HEARING:
        if case.hearing_date is None:
            raise DomainError(_("The case has no hearing date yet: set it with “Edit case details” on the "
                                "overview, then book the interpreter for the hearing."))
        clean["date"] = None  # the hearing's booking is on the case's hearing date, and moves with it
    elif "kind" in clean and clean.get("date") is None:
        raise DomainError(_("Give the date of the meeting or interview."))
    return clean


def _audit_booking(actor: Actor, action: str, booking: Booking, case: Case) -> None:
    audit_record(actor=actor, action=f"interpreters.booking.{action}", obj=booking,
                 organisation_id=case.organisation_id, case_id=case.pk,
                 detail={"kind": booking.kind, "interpreter": booking.interpreter_id})


@transaction.atomic
def booking_add(*, actor: Actor, case: Case, **fields: Any) -> Booking:
    booking = Booking(case=case, **_booking_fields(case, fields))
    booking.full_clean()
    booking.save()
    _audit_booking(actor, "added", booking, case)
    return booking


@transaction.atomic
def booking_update(*, actor: Actor, booking: Booking, expected_version: int, changes: dict[str, Any]) -> Booking:
    case = booking.case
    updated = versioned_update(booking, expected_version=expected_version, changes=_booking_fields(case, changes))
    _audit_booking(actor, "updated", updated, case)
    return updated


@transaction.atomic
def booking_delete(*, actor: Actor, booking: Booking) -> None:
    _audit_booking(actor, "deleted", booking, booking.case)
    booking.delete()
