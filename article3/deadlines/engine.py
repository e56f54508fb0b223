"""Compute filing deadlines from a forum's rule pack, with a trace that explains every step.

    compute(forum="us-eoir", trigger="ij_decision", date=date(2026, 1, 15), service="mail")

Each rule the trigger starts (in force on the trigger date, and for detained or non-detained
cases as the rule says) gives one `ComputedDeadline`. The arithmetic is plain: calendar or
business days or calendar months (a month end clamps: Jan 31 + 1 month = Feb 28/29), after
or before the trigger, then a roll-over (next business day, previous business day, next day
that is not a holiday, or none) on the holiday calendar of the forum (`holidays` package,
observed days count as holidays; Canada's federal calendar is built from the Interpretation
Act, see `holiday_law`).

Where the law is uncertain the result aims the user at the earliest candidate date and says
why (`aim_reason`): a roll-over that rests on an unverified rule, a Saturday that a holiday
rule does not clearly cover, a limit that is not extended. A trigger date before the first
version of a rule raises `DeadlineError` saying that the pack does not cover that date.

A result is `verified` only if every sourced statement it relied on is verified: the rule,
its counting rule, the service rule when a service is given, and the roll-over rule when the
rule day is not a business day. Anything else is said in the working, in words.

The working is a list of steps (`article3.deadlines.steps`): phrases with their dates, holidays and
rule pack text as arguments, so that a page can word them in the reader's language. Their English,
`trace`, is the record: holidays are named in the calendar's English whatever the process locale.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from article3 import words as sentences
from article3.deadlines.days import (
    Rolled,
    add_months,
    closed_reason,
    holiday_languages,
    holiday_name,
    holiday_reason,
    is_business_day,
    last_business_day_on_or_before,
    non_business_reason,
    roll_date,
    shift,
    why_closed,
)
from article3.deadlines.steps import Words, dated, english, fmt, gettext_noop, phrase
from article3.rulepacks import DeadlineRule, RulePack, Source, Trigger, load_pack, pack_ids
from article3.rulepacks.model import Confidence, Direction, Roll, Unit, weakest

__all__ = [
    "ComputedDeadline",
    "DeadlineError",
    "Rolled",
    "add_months",
    "closed_reason",
    "compute",
    "fmt",
    "holiday_languages",
    "holiday_name",
    "holiday_reason",
    "is_business_day",
    "last_business_day_on_or_before",
    "non_business_reason",
    "roll_date",
    "shift",
]

# The counting units in words, for one and for several (a period is never 0).
_UNIT_WORDS = {
    "calendar_days": (gettext_noop("calendar day"), gettext_noop("calendar days")),
    "business_days": (gettext_noop("business day"), gettext_noop("business days")),
    "months": (gettext_noop("month"), gettext_noop("months")),
}
_DIRECTION_WORDS = {"after": gettext_noop("after"), "before": gettext_noop("before")}


class DeadlineError(ValueError):
    """The request names a forum, trigger or service the rule packs do not know. Its text is English;
    `said` words it again in the reader's language (`said.text()`)."""

    def __init__(self, said: sentences.Words) -> None:
        super().__init__(str(said))
        self.said = said


@dataclass(frozen=True)
class ComputedDeadline:
    """One deadline. `due` is the date the rule gives (after any roll-over); `target` is the
    date to aim for: the last business day on or before the rule day for rules counted
    back from a hearing or rolled forward by an unverified rule, the last business day
    before `due` when a deadline that is not (or not clearly) extended ends on a
    non-business day, and `due` otherwise. `aim_words` says why the target is earlier.

    The working is `steps` (see `article3.deadlines.steps`); `trace` and `aim_reason` are their
    English words, the record."""

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
    steps: list[Words]
    trigger: str
    trigger_date: datetime.date
    aim_words: Words | None = None
    last_verified: datetime.date | None = None

    @property
    def trace(self) -> list[str]:
        return [english(step) for step in self.steps]

    @property
    def aim_reason(self) -> str:
        return "" if self.aim_words is None else english(self.aim_words)

    def working(self) -> dict[str, object]:
        """The steps as a deadline keeps them, with why the target is earlier when it is."""
        kept: dict[str, object] = {"steps": list(self.steps)}
        return kept if self.aim_words is None else {**kept, "aim_reason": self.aim_words}

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
            "aim_reason": self.aim_reason,
            "last_verified": _iso(self.last_verified),
            "trace": self.trace,
            "working": self.working(),
        }


def _iso(day: datetime.date | None) -> str | None:
    return None if day is None else day.isoformat()


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
        raise DeadlineError(sentences.Words(gettext_noop("date must be a calendar date, got %(date)s"),
                                            {"date": repr(date)}))
    pack = _pack(forum)
    event = _trigger(pack, trigger)
    _check_service(event, service)
    rules = pack.rules_for_trigger(trigger, on=date, detained=detained)
    _check_covered(pack, event, rules, on=date, detained=detained)
    return [_compute_rule(rule, event=event, start=date, service=service) for rule in rules]


def _pack(forum: str) -> RulePack:
    if forum not in pack_ids():
        raise DeadlineError(sentences.Words(gettext_noop("unknown forum '%(forum)s'; accepted: %(accepted)s"),
                                            {"forum": forum, "accepted": ", ".join(pack_ids())}))
    return load_pack(forum)


def _trigger(pack: RulePack, trigger: str) -> Trigger:
    for event in pack.triggers:
        if event.id == trigger:
            return event
    accepted = ", ".join(t.id for t in pack.triggers) or sentences.Words(gettext_noop("none (this pack has no "
                                                                                       "deadlines)"))
    raise DeadlineError(sentences.Words(gettext_noop("unknown trigger '%(trigger)s' for %(forum)s; accepted: "
                                                     "%(accepted)s"),
                                        {"trigger": trigger, "forum": pack.forum, "accepted": accepted}))


def _check_covered(
    pack: RulePack,
    event: Trigger,
    found: tuple[DeadlineRule, ...],
    *,
    on: datetime.date,
    detained: bool,
) -> None:
    """A rule the trigger starts that has versions for this case, none of them in force on
    `on`: the pack does not cover that date (which is not the same as "no deadline")."""
    in_force = {rule.id for rule in found}
    for rule_id in event.rules:
        versions = [r for r in pack.deadlines if r.id == rule_id and r.applies(detained=detained)]
        if rule_id in in_force or not versions:
            continue
        starts = [v.effective_from for v in versions if v.effective_from is not None]
        ends = [v.effective_to for v in versions if v.effective_to is not None]
        if starts and on < min(starts):
            covered = sentences.Words(gettext_noop("it covers %(rule)s only from %(day)s"),
                                      {"rule": versions[0].label, "day": fmt(min(starts))})
        else:
            covered = sentences.Words(gettext_noop("it covers %(rule)s only up to %(day)s"),
                                      {"rule": versions[0].label, "day": fmt(max(ends))})
        raise DeadlineError(sentences.Words(gettext_noop(
            "The %(forum)s rule pack does not cover a trigger on %(day)s (%(trigger)s): %(covered)s. This is not "
            "a finding that no deadline runs: check the rules in force on that date."),
            {"forum": pack.forum, "day": fmt(on), "trigger": event.label, "covered": covered}))


def _check_service(event: Trigger, service: str | None) -> None:
    accepted = ", ".join(event.services)
    if not event.services:
        if service is not None:
            raise DeadlineError(sentences.Words(gettext_noop("trigger '%(trigger)s' takes no service, got "
                                                             "'%(service)s'; accepted: none"),
                                                {"trigger": event.id, "service": service}))
        return
    if service is None:
        raise DeadlineError(sentences.Words(gettext_noop("trigger '%(trigger)s' needs a service; accepted: "
                                                         "%(accepted)s"), {"trigger": event.id, "accepted": accepted}))
    if service not in event.services:
        raise DeadlineError(sentences.Words(gettext_noop("unknown service '%(service)s' for trigger '%(trigger)s'; "
                                                         "accepted: %(accepted)s"),
                                            {"service": service, "trigger": event.id, "accepted": accepted}))


@dataclass
class _Work:
    """What one computation relied on, collected as it goes."""

    steps: list[Words]
    relied: list[tuple[str, Source, str]]  # (what, source, the statement in words)


def _compute_rule(
    rule: DeadlineRule, *, event: Trigger, start: datetime.date, service: str | None
) -> ComputedDeadline:
    work = _Work(steps=[_trigger_step(event, start, service)], relied=[("rule", rule.source, "")])
    anchor = _apply_service(rule, work, start=start, service=service)
    if rule.period is None:
        work.steps.append(phrase(gettext_noop("No fixed time limit (see the note)")))
        return _result(rule, event, start, work, days=(None, None, None))
    raw = _count(rule, work, anchor=anchor)
    due = _roll(rule, work, raw=raw)
    target, why = _target(rule, work, raw=raw, due=due)
    work.steps.append(_filing_step(rule, due))
    return _result(rule, event, start, work, days=(raw, due, target), aim_words=why)


def _trigger_step(event: Trigger, start: datetime.date, service: str | None) -> Words:
    how = f" {event.services[service]}" if service is not None else ""
    return phrase(gettext_noop("Trigger: %(trigger)s %(date)s"), trigger=f"{event.label}{how}", date=dated(start))


def _apply_service(
    rule: DeadlineRule, work: _Work, *, start: datetime.date, service: str | None
) -> datetime.date:
    if rule.service is None or service is None:
        return start
    extra = rule.service.extra_days[service]
    work.relied.append(("service rule", rule.service.source, rule.service.text))
    citation = rule.service.source.citation
    if extra == 0:
        work.steps.append(phrase(gettext_noop("No days added for service (%(citation)s)"), citation=citation))
        return start
    anchor = start + datetime.timedelta(days=extra)
    work.steps.append(phrase(gettext_noop("+%(count)s days for service → %(date)s (%(citation)s)"),
                             count=extra, date=dated(anchor), citation=citation))
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
            raise DeadlineError(sentences.Words(gettext_noop("rule '%(rule)s' lacks a period, unit, direction or "
                                                             "roll"), {"rule": rule.id}))
        return cls(period, unit, direction, roll)


def _count(rule: DeadlineRule, work: _Work, *, anchor: datetime.date) -> datetime.date:
    how = _Counting.of(rule)
    if rule.counting is not None:
        work.relied.append(("counting", rule.counting.source, rule.counting.text))
    raw = shift(
        anchor, period=how.period, unit=how.unit, direction=how.direction, calendar=rule.calendar
    )
    one, several = _UNIT_WORDS[how.unit]
    counted: dict[str, Words] = {
        "count": how.period, "unit": phrase(one if how.period == 1 else several),
        "direction": phrase(_DIRECTION_WORDS[how.direction]), "date": dated(raw)}
    if rule.unit != "months" or raw.day == anchor.day:
        work.steps.append(phrase(gettext_noop("%(count)s %(unit)s %(direction)s → %(date)s"), **counted))
    else:
        work.steps.append(phrase(gettext_noop(
            "%(count)s %(unit)s %(direction)s → %(date)s (the month has no day %(day)s: its last day)"),
            **counted, day=anchor.day))
    return raw


def _roll(rule: DeadlineRule, work: _Work, *, raw: datetime.date) -> datetime.date:
    rolled = roll_date(raw, how=_Counting.of(rule).roll, calendar=rule.calendar)
    if rolled.step is not None:
        work.steps.append(rolled.step)
        if rule.roll_rule is not None:
            # The roll-over rule matters only when the rule day is not a business day.
            work.relied.append(("roll-over rule", rule.roll_rule.source, rule.roll_rule.text))
    return rolled.day


def _target(
    rule: DeadlineRule, work: _Work, *, raw: datetime.date, due: datetime.date
) -> tuple[datetime.date, Words | None]:
    """The date to aim for, and why it is earlier than `due` (None when it is `due`)."""
    calendar = rule.calendar
    why: Words
    if rule.direction == "before":
        # Rolling a pre-hearing deadline forward shortens the notice to the court
        # (research notes 4a): aim for the last business day on or before the rule day.
        target = last_business_day_on_or_before(raw, calendar=calendar)
        work.steps.append(phrase(gettext_noop("Target: %(date)s, the last business day on or before the rule day"),
                                 date=dated(target)))
        why = phrase(gettext_noop(
            "it is counted back from the hearing, and moving it later would shorten the notice to the court"))
        return target, (None if target == due else why)
    if due != raw and _roll_unverified(rule):
        target = last_business_day_on_or_before(raw, calendar=calendar)
        why = phrase(gettext_noop("the rule that moves %(start)s to %(end)s is unverified, so aim for the last "
                                  "business day on or before the rule day"), start=dated(raw), end=dated(due))
    elif (closed := why_closed(due, calendar=calendar)) is not None:
        target = last_business_day_on_or_before(due, calendar=calendar)
        why = _why_not_extended(rule, due, closed, business=is_business_day(due, calendar=calendar))
    else:
        return due, None
    work.steps.append(phrase(gettext_noop("Target: %(date)s: %(why)s"), date=dated(target), why=why))
    return target, why


def _why_not_extended(rule: DeadlineRule, due: datetime.date, closed: Words, *, business: bool) -> Words:
    """Why to aim before a due date on which filing may not be possible."""
    if business:
        return phrase(gettext_noop(
            "%(date)s is %(reason)s: the time limit may not be extended, so aim for the business day before"),
            date=dated(due), reason=closed)
    if rule.roll == "next_non_holiday":
        return phrase(gettext_noop(
            "%(date)s is not a business day and whether a Saturday extends this time limit is uncertain, "
            "so aim for the business day before"), date=dated(due))
    return phrase(gettext_noop(
        "%(date)s is not a business day and the time limit is not extended, so aim for the business day before"),
        date=dated(due))


def _roll_unverified(rule: DeadlineRule) -> bool:
    return rule.roll_rule is None or not rule.roll_rule.source.verified


def _filing_step(rule: DeadlineRule, due: datetime.date) -> Words:
    if rule.filing == "dispatched":
        return phrase(gettext_noop("Filing counts when dispatched: send by %(date)s"), date=dated(due))
    return phrase(gettext_noop("Filing counts on receipt: it must arrive by %(date)s"), date=dated(due))


def _result(
    rule: DeadlineRule,
    event: Trigger,
    start: datetime.date,
    work: _Work,
    *,
    days: tuple[datetime.date | None, datetime.date | None, datetime.date | None],
    aim_words: Words | None = None,
) -> ComputedDeadline:
    verified = all(source.verified for _, source, _ in work.relied)
    rule_step = (gettext_noop("Rule: %(rule)s, %(citation)s (verified)") if verified
                 else gettext_noop("Rule: %(rule)s, %(citation)s (unverified)"))
    steps = [phrase(rule_step, rule=rule.label, citation=rule.source.citation), *work.steps]
    steps += [_unverified_step(*item) for item in work.relied if not item[1].verified]
    if event.note:
        steps.append(phrase(gettext_noop("Note on the trigger: %(note)s"), note=event.note))
    if rule.last_verified is not None:
        steps.append(phrase(gettext_noop("Rule last checked against its source: %(iso)s"),
                            iso=rule.last_verified.isoformat()))
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
        steps=steps,
        trigger=event.id,
        trigger_date=start,
        aim_words=aim_words,
        last_verified=rule.last_verified,
    )


# What a computation relied on that nobody has verified, one phrase for each kind of statement.
_UNVERIFIED = {
    "rule": gettext_noop("Unverified rule: %(text)s(%(citation)s)"),
    "service rule": gettext_noop("Unverified service rule: %(text)s(%(citation)s)"),
    "counting": gettext_noop("Unverified counting: %(text)s(%(citation)s)"),
    "roll-over rule": gettext_noop("Unverified roll-over rule: %(text)s(%(citation)s)"),
}


def _unverified_step(what: str, source: Source, words: str) -> Words:
    return phrase(_UNVERIFIED[what], text=f"{words} " if words else "", citation=source.citation)
