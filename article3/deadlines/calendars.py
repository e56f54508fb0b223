"""Pictures of deadlines in time: a month grid for the calendar page and an ICS feed.

Both show case references and rule labels only, never the names of the people in a case.
"""

from __future__ import annotations

import calendar as month_calendar
import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.urls import reverse
from icalendar import Alarm, Calendar, Event

from article3.deadlines.engine import fmt
from article3.deadlines.models import Deadline
from article3.deadlines.reminders import reminder_days

# --- the month grid ---------------------------------------------------------------------------


def parse_month(text: str | None, *, today: datetime.date) -> datetime.date:
    """`2027-02` → 1 Feb 2027; empty → this month. Raises ValueError on anything else."""
    if not text:
        return today.replace(day=1)
    year, _, month = text.partition("-")
    problem = ValueError(f"'{text}' is not a month: use YYYY-MM, e.g. 2027-02.")
    if not (year.isdigit() and month.isdigit() and len(year) == 4 and len(month) == 2):
        raise problem
    try:
        return datetime.date(int(year), int(month), 1)
    except ValueError:
        raise problem from None


def month_bounds(first: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The first and last day shown in the grid of the month (whole weeks, Monday first)."""
    weeks = month_calendar.Calendar(firstweekday=0).monthdatescalendar(first.year, first.month)
    return weeks[0][0], weeks[-1][-1]


@dataclass(frozen=True)
class Day:
    date: datetime.date
    in_month: bool
    today: bool
    deadlines: list[Deadline]


@dataclass(frozen=True)
class Month:
    first: datetime.date
    weeks: list[list[Day]]
    previous: str
    next: str
    overdue: list[Deadline]

    @property
    def key(self) -> str:
        return f"{self.first:%Y-%m}"

    @property
    def count(self) -> int:
        return sum(len(day.deadlines) for week in self.weeks for day in week if day.in_month)


def _shift_month(first: datetime.date, months: int) -> str:
    year, index = divmod(first.month - 1 + months, 12)
    return f"{first.year + year:04d}-{index + 1:02d}"


def month_grid(*, first: datetime.date, deadlines: Iterable[Deadline], today: datetime.date,
               overdue: list[Deadline]) -> Month:
    by_day: dict[datetime.date, list[Deadline]] = defaultdict(list)
    for deadline in deadlines:
        if deadline.due is not None:
            by_day[deadline.due].append(deadline)
    weeks = month_calendar.Calendar(firstweekday=0).monthdatescalendar(first.year, first.month)
    grid = [[Day(d, d.month == first.month, d == today, by_day.get(d, [])) for d in week] for week in weeks]
    return Month(first, grid, _shift_month(first, -1), _shift_month(first, 1), overdue)


# --- the ICS feed -----------------------------------------------------------------------------


def case_deadlines_url(deadline: Deadline) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("deadlines_case", kwargs={"case_id": deadline.case.public_id})


def summary(deadline: Deadline) -> str:
    return f"{deadline.case.reference}: {deadline.label}"


def description(deadline: Deadline) -> str:
    lines = [deadline.citation]
    lines.append("UNVERIFIED: check the rule's source before relying on this date." if not deadline.verified
                 else "Verified rule.")
    if deadline.due is not None:
        lines.append(f"{deadline.filing_words}: due {fmt(deadline.due)}.")
    if deadline.shows_target and deadline.target is not None:
        why = f" Why earlier: {deadline.aim_reason}." if deadline.aim_reason else ""
        lines.append(f"Aim for {fmt(deadline.target)}.{why}")
    if deadline.rule_checked_on is not None:
        lines.append(f"Rule last verified {deadline.rule_checked_on.isoformat()}.")
    return "\n".join(lines)


def _event(deadline: Deadline, due: datetime.date, leads: tuple[int, ...]) -> Event:
    event = Event()
    event.add("uid", f"deadline-{deadline.pk}@article3")
    event.add("dtstamp", deadline.created_at)
    event.add("dtstart", due)
    event.add("dtend", due + datetime.timedelta(days=1))
    event.add("summary", summary(deadline))
    event.add("description", description(deadline))
    event.add("url", case_deadlines_url(deadline))
    event.add("transp", "TRANSPARENT")
    for lead in leads:
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", f"{summary(deadline)}: due in {lead} day{'s' if lead != 1 else ''}")
        alarm.add("trigger", datetime.timedelta(days=-lead))
        event.add_component(alarm)
    return event


def ics_calendar(deadlines: Iterable[Deadline]) -> bytes:
    """An iCalendar document with one all-day event per dated deadline, alarms at the lead times."""
    calendar = Calendar()
    calendar.add("prodid", "-//Article3//Deadlines//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", "Article3 deadlines")
    leads = reminder_days()
    for deadline in deadlines:
        if deadline.due is not None:
            calendar.add_component(_event(deadline, deadline.due, leads))
    return bytes(calendar.to_ical())
