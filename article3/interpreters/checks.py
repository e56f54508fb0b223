"""What can go wrong with interpreting on a case, as findings of the gap report: no interpreter booked
for the hearing while the applicant needs one, and a booked interpreter who does not speak the
language needed, is not of the gender asked for, or has a recorded conflict with the parties.

Bookings whose day has passed are not checked: what they would say is history.
"""

import datetime

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from article3.cases.models import Case
from article3.findings import Finding
from article3.interpreters.languages import canonical, language_name
from article3.interpreters.models import Booking, BookingKind
from article3.interpreters.selectors import booking_date, booking_list

NOT_BOOKED = "interpreter_not_booked"
LANGUAGE = "interpreter_language_mismatch"
DIALECT = "interpreter_dialect_unconfirmed"
GENDER = "interpreter_gender_mismatch"
CONFLICT = "interpreter_conflict"
GONE = "interpreter_not_named"
INACTIVE = "interpreter_inactive"
CODES = frozenset({NOT_BOOKED, LANGUAGE, DIALECT, GENDER, CONFLICT, GONE, INACTIVE})
PERSON = {"woman": gettext_lazy("a woman"), "man": gettext_lazy("a man"),
          "another": gettext_lazy("someone of another gender")}
ALL_BOOKINGS = "interpreter-bookings"  # the ref of a finding about the case's bookings as a whole


def booking_ref(booking: Booking) -> str:
    return f"interpreter-booking-{booking.pk}"


def day_words(day: datetime.date) -> str:
    return date_format(day, "DATE_FORMAT")


def occasion(booking: Booking) -> str:
    """ "the hearing on 10 February 2027", "the interview on 3 March 2027"."""
    day = booking_date(booking)
    kind = BookingKind(booking.kind)
    if day is None:
        return {BookingKind.MEETING: _("the meeting with the client"), BookingKind.INTERVIEW: _("the interview"),
                BookingKind.HEARING: _("the hearing")}[kind]
    on = {BookingKind.MEETING: _("the meeting with the client on %(date)s"),
          BookingKind.INTERVIEW: _("the interview on %(date)s"), BookingKind.HEARING: _("the hearing on %(date)s")}
    return on[kind] % {"date": day_words(day)}


def interpreter_findings(*, case: Case, today: datetime.date | None = None) -> list[Finding]:
    today = today or timezone.localdate()
    bookings = [b for b in booking_list(case=case) if (booking_date(b) or today) >= today]
    found = _hearing_unbooked(case, bookings, today)
    for booking in bookings:
        found += booking_findings(booking)
    return found


def _hearing_unbooked(case: Case, bookings: list[Booking], today: datetime.date) -> list[Finding]:
    needed = case.applicant.interpreter_language
    if not needed or case.hearing_date is None or case.hearing_date < today:
        return []
    if any(b.kind == BookingKind.HEARING and b.interpreter_id is not None for b in bookings):
        return []
    dialect = case.applicant.interpreter_dialect
    language = language_name(needed) + (f" ({dialect})" if dialect else "")
    days = (case.hearing_date - today).days
    return [Finding(
        code=NOT_BOOKED, severity="high", refs=(ALL_BOOKINGS,),
        message=ngettext("No interpreter is booked for the hearing on %(date)s (%(days)d day away), and the "
                         "applicant needs one in %(language)s.",
                         "No interpreter is booked for the hearing on %(date)s (%(days)d days away), and the "
                         "applicant needs one in %(language)s.", days)
        % {"date": day_words(case.hearing_date), "days": days, "language": language},
        advice=_("Book an interpreter for the hearing on the Hearing tab, under Interpreters."))]


def booking_findings(booking: Booking) -> list[Finding]:
    """What is wrong with one booking (for its row on the bookings page too)."""
    ref, when = (booking_ref(booking),), occasion(booking)
    interpreter = booking.interpreter
    if interpreter is None:
        return [Finding(code=GONE, severity="high", refs=ref,
                        message=_("The interpreter booked for %(occasion)s was taken off the organisation's list.")
                        % {"occasion": when},
                        advice=_("Book another interpreter, or delete the booking."))]
    name, found = interpreter.name, []
    needed = canonical(booking.language)
    spoken = [s for s in interpreter.languages or [] if canonical(s.get("language", "")) == needed]
    if not spoken:
        found.append(Finding(
            code=LANGUAGE, severity="high", refs=ref,
            message=_("%(name)s, booked for %(occasion)s, is not recorded as speaking %(language)s.")
            % {"name": name, "occasion": when, "language": language_name(booking.language)},
            advice=_("Book an interpreter who speaks it, or correct the interpreter's languages on the list.")))
    elif booking.dialect and not any(_same_dialect(booking.dialect, s.get("dialect", "")) for s in spoken):
        found.append(Finding(
            code=DIALECT, severity="medium", refs=ref,
            message=_("%(name)s, booked for %(occasion)s, is not recorded as speaking the %(dialect)s dialect.")
            % {"name": name, "occasion": when, "dialect": booking.dialect},
            advice=_("Ask the interpreter whether they understand it, and record it on the list.")))
    if booking.gender and interpreter.gender != booking.gender:
        found.append(Finding(
            code=GENDER, severity="high", refs=ref,
            message=_capital(_("%(occasion)s needs %(wanted)s to interpret; %(name)s is %(actual)s.") % {
                "occasion": when, "wanted": PERSON[booking.gender], "name": name,
                "actual": PERSON.get(interpreter.gender, _("not recorded as one"))}),
            advice=_("Book an interpreter of the gender asked for: the applicant may not speak freely otherwise.")))
    if interpreter.conflicts.strip():
        found.append(Finding(
            code=CONFLICT, severity="high", refs=ref,
            message=_("%(name)s, booked for %(occasion)s, has a recorded conflict: “%(conflict)s”.")
            % {"name": name, "occasion": when, "conflict": interpreter.conflicts.strip()},
            advice=_("Book another interpreter unless the team is sure the conflict does not touch this case.")))
    if not interpreter.active:
        found.append(Finding(code=INACTIVE, severity="medium", refs=ref,
                             message=_("%(name)s, booked for %(occasion)s, is marked as no longer working with the "
                                       "organisation.") % {"name": name, "occasion": when},
                             advice=_("Confirm the booking with them, or book another interpreter.")))
    return found


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _same_dialect(wanted: str, recorded: str) -> bool:
    wanted, recorded = wanted.casefold().strip(), recorded.casefold().strip()
    return bool(recorded) and (wanted in recorded or recorded in wanted)
