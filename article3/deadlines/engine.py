"""Compute filing deadlines from a forum's rule pack, with a trace that explains every step.

    compute(forum="us-eoir", trigger="ij_decision", date=date(2026, 1, 15), service="mail")

Each rule the trigger starts (in force on the trigger date, and for detained or non-detained
cases as the rule says) gives one `ComputedDeadline`. The arithmetic is plain: calendar or
business days or calendar months (a month end clamps: Jan 31 + 1 month = Feb 28/29), after
or before the trigger, then a roll-over (next business day, previous business day, or none)
on the holiday calendar of the forum (`holidays` package; observed days count as holidays).

A result is `verified` only if every sourced statement it relied on is verified: the rule,
its counting rule, the service rule when a service is given, and the roll-over rule when the
rule day is not a business day. Anything else is said in the trace, in words.
"""

from __future__ import annotations

import calendar as month_calendar
import datetime
import functools
from dataclasses import dataclass

import holidays

from article3.rulepacks import DeadlineRule, RulePack, Source, Trigger, load_pack, pack_ids
from article3.rulepacks.model import Confidence, Direction, Roll, Unit, weakest

__all__ = [
    "ComputedDeadline",
    "DeadlineError",
    "Rolled",
    "add_months",
    "compute",
    "fmt",
    "is_business_day",
    "last_business_day_on_or_before",
    "non_business_reason",
    "roll_date",
    "shift",
]

_DAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_UNIT_WORDS = {"calendar_days": "calendar day", "business_days": "business day", "months": "month"}


class DeadlineError(ValueError):
    """The request names a forum, trigger or service the rule packs do not know."""


@dataclass(frozen=True)
class ComputedDeadline:
    """One deadline. `due` is the date the rule gives (after any roll-over); `target` is the
    date to aim for: the last business day on or before the rule day for rules counted
    back from a hearing, the last business day before `due` when a deadline that is not
    extended ends on a non-business day, and `due` otherwise."""

    rule: str
    label: str
    due: datetime.date | None
    target: datetime.date | None
    rule_day: datetime.date | None
    filing: str | None
    citation: str
    verified: bool
    confidence: Confidence
    note: str
    trace: list[str]
    trigger: str
    trigger_date: datetime.date

    def as_json(self) -> dict[str, object]:
        return {
            "rule": self.rule,
            "label": self.label,
            "due": _iso(self.due),
            "target": _iso(self.target),
            "rule_day": _iso(self.rule_day),
            "filing": self.filing,
            "citation": self.citation,
            "verified": self.verified,
            "confidence": self.confidence,
            "note": self.note,
            "trigger": self.trigger,
            "trigger_date": self.trigger_date.isoformat(),
            "trace": list(self.trace),
        }


def _iso(day: datetime.date | None) -> str | None:
    return None if day is None else day.isoformat()


def fmt(day: datetime.date) -> str:
    """`Thu 2026-01-15`; English day names whatever the process locale."""
    return f"{_DAY_NAMES[day.weekday()]} {day.isoformat()}"


# --- calendars -------------------------------------------------------------------------


@functools.cache
def _holidays(calendar: str) -> holidays.HolidayBase:
    # The pack's calendar ids: US federal, England and Wales bank holidays, Canada federal.
    if calendar == "GB-ENG":
        return holidays.country_holidays("GB", subdiv="ENG")
    return holidays.country_holidays(calendar)


def non_business_reason(day: datetime.date, *, calendar: str | None) -> str | None:
    """Why `day` is not a business day (`a weekend`, a holiday's name), or None if it is one.

    `calendar=None` means weekends only (a forum with no holiday calendar in its pack).
    """
    if day.weekday() >= 5:
        return "a weekend"
    if calendar is None:
        return None
    name = _holidays(calendar).get(day)
    return None if name is None else str(name)


def is_business_day(day: datetime.date, *, calendar: str | None) -> bool:
    return non_business_reason(day, calendar=calendar) is None


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
    """The day after roll-over, and the steps in words (empty if the day did not need it)."""

    day: datetime.date
    steps: str


def roll_date(day: datetime.date, *, how: Roll, calendar: str | None) -> Rolled:
    """Move a day that is not a business day: forward, backward, or not at all."""
    if how == "none":
        reason = non_business_reason(day, calendar=calendar)
        steps = "" if reason is None else f"{fmt(day)} is {reason}; not extended"
        return Rolled(day, steps)
    step = datetime.timedelta(days=1 if how == "next_business_day" else -1)
    parts: list[str] = []
    while (reason := non_business_reason(day, calendar=calendar)) is not None:
        parts.append(f"{fmt(day)} is {reason}")
        day += step
    return Rolled(day, " → ".join([*parts, fmt(day)]) if parts else "")


def last_business_day_on_or_before(day: datetime.date, *, calendar: str | None) -> datetime.date:
    return roll_date(day, how="previous_business_day", calendar=calendar).day


# --- compute ---------------------------------------------------------------------------


def compute(
    *,
    forum: str,
    trigger: str,
    date: datetime.date,
    service: str | None = None,
    detained: bool = False,
) -> list[ComputedDeadline]:
    """One deadline per rule that `trigger` on `date` starts in `forum`'s pack."""
    if isinstance(date, datetime.datetime) or not isinstance(date, datetime.date):
        raise DeadlineError(f"date must be a calendar date, got {date!r}")
    pack = _pack(forum)
    event = _trigger(pack, trigger)
    _check_service(event, service)
    rules = pack.rules_for_trigger(trigger, on=date, detained=detained)
    return [_compute_rule(rule, event=event, start=date, service=service) for rule in rules]


def _pack(forum: str) -> RulePack:
    if forum not in pack_ids():
        raise DeadlineError(f"unknown forum {forum!r}; accepted: {', '.join(pack_ids())}")
    return load_pack(forum)


def _trigger(pack: RulePack, trigger: str) -> Trigger:
    for event in pack.triggers:
        if event.id == trigger:
            return event
    accepted = ", ".join(t.id for t in pack.triggers) or "none (this pack has no deadlines)"
    raise DeadlineError(f"unknown trigger {trigger!r} for {pack.forum}; accepted: {accepted}")


def _check_service(event: Trigger, service: str | None) -> None:
    accepted = ", ".join(event.services)
    if not event.services:
        if service is not None:
            raise DeadlineError(
                f"trigger {event.id!r} takes no service, got {service!r}; accepted: none"
            )
        return
    if service is None:
        raise DeadlineError(f"trigger {event.id!r} needs a service; accepted: {accepted}")
    if service not in event.services:
        raise DeadlineError(
            f"unknown service {service!r} for trigger {event.id!r}; accepted: {accepted}"
        )


@dataclass
class _Work:
    """What one computation relied on, collected as it goes."""

    trace: list[str]
    relied: list[tuple[str, Source, str]]  # (what, source, the statement in words)


def _compute_rule(
    rule: DeadlineRule, *, event: Trigger, start: datetime.date, service: str | None
) -> ComputedDeadline:
    work = _Work(trace=[_trigger_line(event, start, service)], relied=[("rule", rule.source, "")])
    anchor = _apply_service(rule, work, start=start, service=service)
    if rule.period is None:
        work.trace.append("No fixed time limit (see the note)")
        return _result(rule, event, start, work, days=(None, None, None))
    raw = _count(rule, work, anchor=anchor)
    due = _roll(rule, work, raw=raw)
    target = _target(rule, work, raw=raw, due=due)
    work.trace.append(_filing_line(rule, due))
    return _result(rule, event, start, work, days=(raw, due, target))


def _trigger_line(event: Trigger, start: datetime.date, service: str | None) -> str:
    how = f" {event.services[service]}" if service is not None else ""
    return f"Trigger: {event.label}{how} {fmt(start)}"


def _apply_service(
    rule: DeadlineRule, work: _Work, *, start: datetime.date, service: str | None
) -> datetime.date:
    if rule.service is None or service is None:
        return start
    extra = rule.service.extra_days[service]
    work.relied.append(("service rule", rule.service.source, rule.service.text))
    if extra == 0:
        work.trace.append(f"No days added for service ({rule.service.source.citation})")
        return start
    anchor = start + datetime.timedelta(days=extra)
    work.trace.append(f"+{extra} days for service → {fmt(anchor)} ({rule.service.source.citation})")
    return anchor


@dataclass(frozen=True)
class _Counting:
    """The counting keys of a rule with a period (the loader guarantees they are all set)."""

    period: int
    unit: Unit
    direction: Direction
    roll: Roll

    @classmethod
    def of(cls, rule: DeadlineRule) -> _Counting:
        period, unit, direction, roll = rule.period, rule.unit, rule.direction, rule.roll
        if period is None or unit is None or direction is None or roll is None:
            raise DeadlineError(f"rule {rule.id!r} lacks a period, unit, direction or roll")
        return cls(period, unit, direction, roll)


def _count(rule: DeadlineRule, work: _Work, *, anchor: datetime.date) -> datetime.date:
    how = _Counting.of(rule)
    if rule.counting is not None:
        work.relied.append(("counting", rule.counting.source, rule.counting.text))
    raw = shift(
        anchor, period=how.period, unit=how.unit, direction=how.direction, calendar=rule.calendar
    )
    words = _UNIT_WORDS[how.unit] + ("" if how.period == 1 else "s")
    clamp = _clamp_note(rule, anchor, raw)
    work.trace.append(f"{how.period} {words} {how.direction} → {fmt(raw)}{clamp}")
    return raw


def _clamp_note(rule: DeadlineRule, anchor: datetime.date, raw: datetime.date) -> str:
    if rule.unit != "months" or raw.day == anchor.day:
        return ""
    return f" (the month has no day {anchor.day}: its last day)"


def _roll(rule: DeadlineRule, work: _Work, *, raw: datetime.date) -> datetime.date:
    rolled = roll_date(raw, how=_Counting.of(rule).roll, calendar=rule.calendar)
    if rolled.steps:
        work.trace.append(rolled.steps)
        if rule.roll_rule is not None:
            # The roll-over rule matters only when the rule day is not a business day.
            work.relied.append(("roll-over rule", rule.roll_rule.source, rule.roll_rule.text))
    return rolled.day


def _target(
    rule: DeadlineRule, work: _Work, *, raw: datetime.date, due: datetime.date
) -> datetime.date:
    if rule.direction == "before":
        # Rolling a pre-hearing deadline forward shortens the notice to the court
        # (research notes 4a): aim for the last business day on or before the rule day.
        target = last_business_day_on_or_before(raw, calendar=rule.calendar)
        work.trace.append(f"Target: {fmt(target)}, the last business day on or before the rule day")
        return target
    if rule.roll == "none" and not is_business_day(due, calendar=rule.calendar):
        target = last_business_day_on_or_before(due, calendar=rule.calendar)
        work.trace.append(f"Target: {fmt(target)}, the last business day before (not extended)")
        return target
    return due


def _filing_line(rule: DeadlineRule, due: datetime.date) -> str:
    if rule.filing == "dispatched":
        return f"Filing counts when dispatched: send by {fmt(due)}"
    return f"Filing counts on receipt: it must arrive by {fmt(due)}"


def _result(
    rule: DeadlineRule,
    event: Trigger,
    start: datetime.date,
    work: _Work,
    *,
    days: tuple[datetime.date | None, datetime.date | None, datetime.date | None],
) -> ComputedDeadline:
    verified = all(source.verified for _, source, _ in work.relied)
    status = "verified" if verified else "unverified"
    trace = [f"Rule: {rule.label}, {rule.source.citation} ({status})", *work.trace]
    trace += [_unverified_line(*item) for item in work.relied if not item[1].verified]
    if event.note:
        trace.append(f"Note on the trigger: {event.note}")
    raw, due, target = days
    return ComputedDeadline(
        rule=rule.id,
        label=rule.label,
        due=due,
        target=target,
        rule_day=raw,
        filing=rule.filing,
        citation=rule.source.citation,
        verified=verified,
        confidence=weakest(*(source.confidence for _, source, _ in work.relied)),
        note=rule.note,
        trace=trace,
        trigger=event.id,
        trigger_date=start,
    )


def _unverified_line(what: str, source: Source, words: str) -> str:
    said = f"{words} " if words else ""
    return f"Unverified {what}: {said}({source.citation})"
