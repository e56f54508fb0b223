"""Holiday calendars that a statute defines, for the forums whose courts count time by it.

The `holidays` package's Canadian calendar follows employment and provincial practice: its
public category has five days and its government category adds Boxing Day but not Easter
Monday. A federal time limit falls by the Interpretation Act, R.S.C. 1985, c. I-21, s.35(1),
which defines "holiday" as: Sunday; New Year's Day; Good Friday; Easter Monday; Christmas
Day; the Sovereign's birthday as fixed by proclamation (Victoria Day); Canada Day; the first
Monday in September (Labour Day); the National Day for Truth and Reconciliation, 30
September (added by S.C. 2021, c. 11, first observed 30 September 2021); Remembrance Day;
and any day proclaimed a day of general thanksgiving (Thanksgiving, the second Monday of
October). The list before the 2021 amendment was read as quoted in Bill C-323 (1996,
parl.ca); the amendment as printed in S.C. 2021, c. 11 (parl.ca).

Not modelled, so that a date is never rolled past them: days a province or a municipality
adds (s.35(1)(a)-(b)), and any rule that makes the Monday a holiday when New Year's Day,
Canada Day or Remembrance Day falls on a Sunday (its text was not read). The engine keeps
targets off the days the federal offices close anyway (see `closed_reason`). Sundays are
left to the engine, which treats them as holidays.
"""

from __future__ import annotations

import datetime

from dateutil.easter import easter
from holidays import HolidayBase
from holidays.countries.canada import Canada


def _monday_before(day: datetime.date) -> datetime.date:
    """The Monday strictly before `day` (Victoria Day is the Monday before 25 May)."""
    back = day.weekday() or 7
    return day - datetime.timedelta(days=back)


def _nth_monday(year: int, month: int, nth: int) -> datetime.date:
    first = datetime.date(year, month, 1)
    first_monday = first + datetime.timedelta(days=(7 - first.weekday()) % 7)
    return first_monday + datetime.timedelta(weeks=nth - 1)


class CanadaInterpretationAct(HolidayBase):
    """Holidays under Interpretation Act s.35(1), by name (see the module docstring).

    The names are the package's own English names for these days, so its Canadian catalogues name
    them in its other languages (`language="fr"`)."""

    country = "CA"
    default_language = Canada.default_language
    supported_languages = Canada.supported_languages

    def _populate(self, year: int) -> None:
        sunday_day = easter(year)
        fixed = {
            "New Year's Day": datetime.date(year, 1, 1),
            "Good Friday": sunday_day - datetime.timedelta(days=2),
            "Easter Monday": sunday_day + datetime.timedelta(days=1),
            "Victoria Day": _monday_before(datetime.date(year, 5, 25)),
            "Canada Day": datetime.date(year, 7, 1),
            "Labour Day": _nth_monday(year, 9, 1),
            "Thanksgiving Day": _nth_monday(year, 10, 2),
            "Remembrance Day": datetime.date(year, 11, 11),
            "Christmas Day": datetime.date(year, 12, 25),
        }
        if year >= 2021:
            fixed["National Day for Truth and Reconciliation"] = datetime.date(year, 9, 30)
        for name, day in fixed.items():
            self[day] = self.tr(name)
