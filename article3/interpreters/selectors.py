"""Reads of the interpreter list, scoped to the organisation of the person asking."""

import datetime

from django.http import Http404

from article3.accounts.models import EDITING_ROLES, Organisation
from article3.accounts.selectors import UserLike, actor_has_org_role, organisation_for_user
from article3.cases.models import Case
from article3.interpreters.models import Booking, BookingKind, Interpreter


def interpreters_organisation(*, user: UserLike) -> Organisation:
    """The organisation whose interpreter list the person keeps: admins, attorneys and paralegals
    (the roles that work on cases); 404 for everyone else, as the other organisation pages do."""
    organisation = organisation_for_user(user=user)
    if organisation is None or not actor_has_org_role(actor=user, organisation_id=organisation.pk,
                                                      roles=EDITING_ROLES):
        raise Http404
    return organisation


def interpreter_list(*, organisation: Organisation, active_only: bool = False) -> list[Interpreter]:
    """Active first, then by name (sorted here: names are encrypted in the database)."""
    rows = Interpreter.objects.filter(organisation=organisation)
    if active_only:
        rows = rows.filter(active=True)
    return sorted(rows, key=lambda i: (not i.active, i.name.casefold()))


def interpreter_get(*, organisation: Organisation, pk: int) -> Interpreter:
    found = Interpreter.objects.filter(organisation=organisation, pk=pk).first()
    if found is None:
        raise Http404
    return found


def booking_list(*, case: Case) -> list[Booking]:
    """The case's bookings in date order (the hearing on the case's hearing date; undated last)."""
    rows = list(Booking.objects.filter(case=case).select_related("interpreter"))
    for row in rows:
        row.case = case  # one case for all: its hearing date dates the hearing's bookings

    def order(booking: Booking) -> tuple[bool, datetime.date, datetime.time, int]:
        day = booking_date(booking)
        return (day is None, day or datetime.date.min, booking.time or datetime.time.min, booking.pk)

    return sorted(rows, key=order)


def booking_date(booking: Booking) -> datetime.date | None:
    """The day of the booking: the case's hearing date for the hearing."""
    return booking.case.hearing_date if booking.kind == BookingKind.HEARING else booking.date


def booking_get(*, case: Case, pk: int) -> Booking:
    found = Booking.objects.filter(case=case, pk=pk).select_related("interpreter").first()
    if found is None:
        raise Http404
    return found
