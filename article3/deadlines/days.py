"""The days of a forum's calendar: which are business days, why a day is not one (a weekend, a
holiday by its name), calendar and business-day arithmetic, and the roll-over of a day that is not a
business day, each with the step that says it (`article3.deadlines.steps`).

Holidays come from the `holidays` package (observed days count as holidays); Canada's federal
calendar is built from the Interpretation Act (`holiday_law`). Names are in the calendar's English
unless another language is asked for, whatever the process locale.
"""

from __future__ import annotations

import calendar as month_calendar
import datetime
import functools
from collections.abc import Callable
from dataclasses import dataclass

import holidays

from article3.deadlines.holiday_law import CanadaInterpretationAct
from article3.deadlines.steps import Words, chain, dated, english, gettext_noop, holiday_on, phrase
from article3.rulepacks.model import Direction, Roll, Unit

# --- calendars -------------------------------------------------------------------------

# The pack's calendar ids: US federal, England and Wales bank holidays, Canada federal (built from
# the Interpretation Act s.35(1): the package's Canadian list is not it).
_CALENDARS: dict[str, Callable[..., holidays.HolidayBase]] = {
    "GB-ENG": functools.partial(holidays.country_holidays, "GB", subdiv="ENG"),
    "CA": CanadaInterpretationAct,
}
# Days the forum's offices close that its holiday statute does not list (Canada: Boxing Day
# and the federal public service's observed days). Never rolled past, never aimed at.
_CLOSURE_CATEGORIES = {"CA": ("public", "government")}


@functools.cache
def _holidays(calendar: str, language: str | None = None, *, closures: bool = False) -> holidays.HolidayBase:
    """The calendar's holidays (or the days its offices close), named in `language`: by default the
    calendar's own English, whatever the process locale (the package would otherwise follow it)."""
    make: Callable[..., holidays.HolidayBase]
    if closures:
        make = functools.partial(holidays.country_holidays, calendar, categories=_CLOSURE_CATEGORIES[calendar])
    else:
        make = _CALENDARS.get(calendar) or functools.partial(holidays.country_holidays, calendar)
    return make(language=language or make().default_language)


def holiday_languages(calendar: str) -> tuple[str, ...]:
    """The languages the `holidays` package names this calendar's days in (its codes: "fr", "en_CA")."""
    return tuple(_holidays(calendar).supported_languages)


def holiday_name(
    day: datetime.date, *, calendar: str, language: str | None = None, closure: bool = False
) -> str | None:
    """The name `calendar` gives `day` (a day its offices close, with `closure`), in `language`
    where the `holidays` package has it (one of `holiday_languages`), in English by default."""
    if closure and calendar not in _CLOSURE_CATEGORIES:
        return None
    name = _holidays(calendar, language, closures=closure).get(day)
    return None if name is None else str(name)


def _holiday(day: datetime.date, *, calendar: str | None, closure: bool = False) -> Words | None:
    name = None if calendar is None else holiday_name(day, calendar=calendar, closure=closure)
    return None if name is None else holiday_on(name, calendar=str(calendar), when=day, closure=closure)


def _not_business(day: datetime.date, *, calendar: str | None) -> Words | None:
    if day.weekday() >= 5:
        return phrase(gettext_noop("a weekend"))
    return _holiday(day, calendar=calendar)


def why_closed(day: datetime.date, *, calendar: str | None) -> Words | None:
    """Why the offices are closed on `day` (a weekend, a holiday, a closure the statute does not list), as a step's
    words; None if they are open."""
    reason = _not_business(day, calendar=calendar)
    if reason is not None:
        return reason
    closure = _holiday(day, calendar=calendar, closure=True)
    return None if closure is None else phrase(
        gettext_noop("%(name)s (offices closed; not a holiday in the statute)"), name=closure)


def _a_holiday(day: datetime.date, *, calendar: str | None) -> Words | None:
    if day.weekday() == 6:
        return phrase(gettext_noop("a Sunday"))
    return _holiday(day, calendar=calendar)


def _english(words: Words | None) -> str | None:
    return None if words is None else english(words)


def non_business_reason(day: datetime.date, *, calendar: str | None) -> str | None:
    """Why `day` is not a business day (`a weekend`, a holiday's name), or None if it is one.

    `calendar=None` means weekends only (a forum with no holiday calendar in its pack).
    """
    return _english(_not_business(day, calendar=calendar))


def is_business_day(day: datetime.date, *, calendar: str | None) -> bool:
    return _not_business(day, calendar=calendar) is None


def closed_reason(day: datetime.date, *, calendar: str | None) -> str | None:
    """Like `non_business_reason`, and also a day the offices close that is not a holiday in law."""
    return _english(why_closed(day, calendar=calendar))


def holiday_reason(day: datetime.date, *, calendar: str | None) -> str | None:
    """Why `day` is a holiday where Sunday is one and Saturday is not (Interpretation Act
    s.35(1)), or None."""
    return _english(_a_holiday(day, calendar=calendar))


# --- arithmetic ------------------------------------------------------------------------


def add_months(day: datetime.date, *, months: int) -> datetime.date:
    """Calendar-month arithmetic that clamps to the month end (Jan 31 + 1 month = Feb 28/29)."""
    years, month_index = divmod(day.month - 1 + months, 12)
    year, month = day.year + years, month_index + 1
    last = month_calendar.monthrange(year, month)[1]
    return datetime.date(year, month, min(day.day, last))


def shift(
    day: datetime.date, *, period: int, unit: Unit, direction: Direction, calendar: str | None
) -> datetime.date:
    """The day `period` units after or before `day` (day 1 is the next or previous day)."""
    sign = 1 if direction == "after" else -1
    if unit == "months":
        return add_months(day, months=sign * period)
    if unit == "calendar_days":
        return day + datetime.timedelta(days=sign * period)
    return _business_days(day, count=period, step=sign, calendar=calendar)


def _business_days(
    day: datetime.date, *, count: int, step: int, calendar: str | None
) -> datetime.date:
    while count > 0:
        day += datetime.timedelta(days=step)
        if is_business_day(day, calendar=calendar):
            count -= 1
    return day


@dataclass(frozen=True)
class Rolled:
    """The day after roll-over, and the step that says how (None if the day did not need it)."""

    day: datetime.date
    step: Words | None


def _is(day: datetime.date, reason: Words) -> Words:
    return phrase(gettext_noop("%(date)s is %(reason)s"), date=dated(day), reason=reason)


def _rolled(day: datetime.date, parts: list[Words]) -> Rolled:
    """Ended on `day` after the days in `parts` (none: the day did not move)."""
    return Rolled(day, chain([*parts, dated(day)]) if parts else None)


def roll_date(day: datetime.date, *, how: Roll, calendar: str | None) -> Rolled:
    """Move a day that is not a business day: forward, backward, or not at all."""
    if how == "none":
        reason = _not_business(day, calendar=calendar)
        return Rolled(day, None if reason is None else phrase(
            gettext_noop("%(date)s is %(reason)s; not extended"), date=dated(day), reason=reason))
    if how == "next_non_holiday":
        return _roll_over_holidays(day, calendar=calendar)
    forward = how == "next_business_day"
    step = datetime.timedelta(days=1 if forward else -1)
    # Forward only over the days the law names; backward also over days the offices close.
    why_not = _not_business if forward else why_closed
    parts: list[Words] = []
    while (reason := why_not(day, calendar=calendar)) is not None:
        parts.append(_is(day, reason))
        day += step
    return _rolled(day, parts)


def _roll_over_holidays(day: datetime.date, *, calendar: str | None) -> Rolled:
    parts: list[Words] = []
    while (reason := _a_holiday(day, calendar=calendar)) is not None:
        parts.append(_is(day, reason))
        day += datetime.timedelta(days=1)
    if day.weekday() == 5:
        parts.append(phrase(gettext_noop(
            "%(date)s is a Saturday, which this rule does not list as a holiday; not extended"), date=dated(day)))
        return Rolled(day, chain(parts))
    return _rolled(day, parts)


def last_business_day_on_or_before(day: datetime.date, *, calendar: str | None) -> datetime.date:
    return roll_date(day, how="previous_business_day", calendar=calendar).day
