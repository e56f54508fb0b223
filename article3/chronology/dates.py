"""Fuzzy dates as the case package writes them: a day, a month, a year, a range, maybe approximate.

``2019-03-14`` a day, ``2019-03`` a month, ``2019`` a year, ``2019-03-14/2019-03-19`` a range
(either end may be a month or a year), and a leading ``~`` for "approximately" on any of them.

A fuzzy date stands for every day it could be: ``2019-03`` is 1 to 31 March 2019. Two dates
agree (``compatible``) when both could be true at once, that is when their day intervals overlap;
an approximate date is widened by a margin first, because "about March" may well be early April.

In words, ``human()`` is English, for what is filed or exported ("14 March 2019"); ``words()``
follows the active language, for pages ("14 mars 2019", "14 de marzo de 2019").
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from django.utils import formats
from django.utils.translation import get_language, gettext, gettext_lazy

Precision = Literal["day", "month", "year", "range"]
PointPrecision = Literal["day", "month", "year"]

DEFAULT_MARGIN_DAYS = 30

_EXPECTED = (
    "expected YYYY, YYYY-MM or YYYY-MM-DD, or a range START/END with one '/', "
    "with a leading ~ for 'about'"
)
_POINT_RE = re.compile(r"(?P<year>\d{4})(?:-(?P<month>\d{2})(?:-(?P<day>\d{2}))?)?")
_DASH = "\u2013"  # en dash, as in "14\u201319 March 2019"
# Spelled out: calendar.month_name follows the process locale, and messages stay English.
_MONTHS = (
    "",
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


class DateFormatError(ValueError):
    """A date text that is not in the case-package date format."""


@dataclass(frozen=True)
class DatePoint:
    """One end of a fuzzy date: a year, optionally a month, optionally a day."""

    year: int
    month: int | None = None
    day: int | None = None

    def __post_init__(self) -> None:
        _validate_point(self, text=str(self))

    @property
    def precision(self) -> PointPrecision:
        if self.day is not None:
            return "day"
        return "month" if self.month is not None else "year"

    @property
    def earliest(self) -> date:
        return date(self.year, self.month or 1, self.day or 1)

    @property
    def latest(self) -> date:
        if self.month is None:
            return date(self.year, 12, 31)
        return date(self.year, self.month, self.day or _days_in(self.year, self.month))

    def __str__(self) -> str:
        text = f"{self.year:04d}"
        if self.month is not None:
            text += f"-{self.month:02d}"
        if self.day is not None:
            text += f"-{self.day:02d}"
        return text

    def human(self) -> str:
        """English words: "14 March 2019", "March 2019", "2019"."""
        if self.month is None:
            return str(self.year)
        month_year = f"{_MONTHS[self.month]} {self.year}"
        return month_year if self.day is None else f"{self.day} {month_year}"

    def words(self) -> str:
        """Words in the active language, as its date formats write them: "14 mars 2019", "marzo de 2019"."""
        if self.month is None:
            return str(self.year)
        if self.day is None:
            return formats.date_format(self.earliest, "YEAR_MONTH_FORMAT")
        return formats.date_format(self.earliest, "DATE_FORMAT")


@dataclass(frozen=True)
class FuzzyDate:
    """A date with a precision, as written in a case package; see the module docstring."""

    start: DatePoint
    end: DatePoint | None = None
    approximate: bool = False

    def __post_init__(self) -> None:
        if self.end is not None and self.end.latest < self.start.earliest:
            raise DateFormatError(
                f"'{self}' is not a valid date range: it ends ({self.end}) before it starts "
                f"({self.start})"
            )

    @classmethod
    def parse(cls, text: str) -> FuzzyDate:
        """Read the case-package text form; raise ``DateFormatError`` naming the bad value."""
        if not isinstance(text, str):
            raise DateFormatError(f"{text!r} is not a valid date: expected text like 2019-03-14")
        cleaned = text.strip()
        if not cleaned:
            raise DateFormatError("'' is not a valid date: the date is empty")
        approximate = cleaned.startswith("~")
        body = cleaned[1:] if approximate else cleaned
        parts = body.split("/")
        if len(parts) > 2:
            raise DateFormatError(f"'{text}' is not a valid date: {_EXPECTED}")
        start = _parse_point(parts[0], whole=text)
        end = _parse_point(parts[1], whole=text) if len(parts) == 2 else None
        return cls(start=start, end=end, approximate=approximate)

    @classmethod
    def from_date(cls, value: date, *, approximate: bool = False) -> FuzzyDate:
        """A day-precision fuzzy date from a Python date (or datetime: the time is dropped)."""
        return cls(start=DatePoint(value.year, value.month, value.day), approximate=approximate)

    @classmethod
    def coerce(cls, value: FuzzyDate | date | int | str) -> FuzzyDate:
        """Accept whatever a caller holds: a fuzzy date, a Python date, or package text.

        A bare int is a year, because YAML reads ``date: 2019`` as the number 2019.
        """
        if isinstance(value, FuzzyDate):
            return value
        if isinstance(value, date):
            return cls.from_date(value)
        if isinstance(value, str):
            return cls.parse(value)
        if isinstance(value, bool):
            raise DateFormatError(f"{value!r} is not a valid date: expected text like 2019-03-14")
        return cls.parse(str(value))

    def __str__(self) -> str:
        text = str(self.start) if self.end is None else f"{self.start}/{self.end}"
        return f"~{text}" if self.approximate else text

    @property
    def precision(self) -> Precision:
        return "range" if self.end is not None else self.start.precision

    @property
    def earliest(self) -> date:
        return self.start.earliest

    @property
    def latest(self) -> date:
        return (self.end or self.start).latest

    def bounds(self, margin_days: int = DEFAULT_MARGIN_DAYS) -> tuple[date, date]:
        """The first and last day this date could be; approximate dates widen by the margin."""
        if margin_days < 0:
            raise ValueError(f"margin_days must not be negative, got {margin_days}")
        if not self.approximate:
            return self.earliest, self.latest
        return _shift(self.earliest, -margin_days), _shift(self.latest, margin_days)

    def human(self) -> str:
        """English words for a reader: "14-19 March 2019" (en dash), "about March 2019"."""
        text = self.start.human() if self.end is None else _human_range(self.start, self.end)
        return f"about {text}" if self.approximate else text

    def words(self) -> str:
        """Words for a reader in the active language ("14–19 mars 2019", "vers mars 2019"); in English,
        exactly `human()`."""
        if (get_language() or "en").split("-")[0] == "en":
            return self.human()
        text = self.start.words() if self.end is None else range_words(self.start, self.end)
        return gettext("about %(date)s") % {"date": text} if self.approximate else text

    @property
    def sort_key(self) -> tuple[date, date, bool, str]:
        """Earliest day first, then the narrower date, exact before approximate."""
        return (self.earliest, self.latest, self.approximate, str(self))

    def contains(self, other: FuzzyDate) -> bool:
        """Every day ``other`` could be is a day this date could be (margins not applied)."""
        return self.earliest <= other.earliest and other.latest <= self.latest


def compatible(
    a: FuzzyDate | date, b: FuzzyDate | date, *, margin_days: int = DEFAULT_MARGIN_DAYS
) -> bool:
    """Both dates can be true at once: their day intervals overlap after widening."""
    a_first, a_last = FuzzyDate.coerce(a).bounds(margin_days)
    b_first, b_last = FuzzyDate.coerce(b).bounds(margin_days)
    return a_first <= b_last and b_first <= a_last


def definitely_before(
    a: FuzzyDate | date, b: FuzzyDate | date, *, margin_days: int = DEFAULT_MARGIN_DAYS
) -> bool:
    """Whatever day each date really is, ``a`` comes before ``b`` (after widening)."""
    return FuzzyDate.coerce(a).bounds(margin_days)[1] < FuzzyDate.coerce(b).bounds(margin_days)[0]


def _parse_point(text: str, *, whole: str) -> DatePoint:
    match = _POINT_RE.fullmatch(text)
    if match is None and "~" in text:
        raise DateFormatError(
            f"'{whole}' is not a valid date: '~' goes once, before the whole date"
        )
    if match is None:
        raise DateFormatError(f"'{whole}' is not a valid date: {_EXPECTED}")
    month, day = match["month"], match["day"]
    _check_ranges(int(match["year"]), _int_or_none(month), _int_or_none(day), text=whole)
    return DatePoint(int(match["year"]), _int_or_none(month), _int_or_none(day))


def _validate_point(point: DatePoint, *, text: str) -> None:
    if point.day is not None and point.month is None:
        raise DateFormatError(f"'{text}' is not a valid date: a day needs a month")
    _check_ranges(point.year, point.month, point.day, text=text)


def _check_ranges(year: int, month: int | None, day: int | None, *, text: str) -> None:
    if not 1 <= year <= 9999:
        raise DateFormatError(f"'{text}' is not a valid date: year {year}")
    if month is not None and not 1 <= month <= 12:
        raise DateFormatError(f"'{text}' is not a valid date: month {month}")
    if month is not None and day is not None and not 1 <= day <= _days_in(year, month):
        raise DateFormatError(
            f"'{text}' is not a valid date: day {day} (there is no {day} {_MONTHS[month]} {year})"
        )


def _int_or_none(text: str | None) -> int | None:
    return None if text is None else int(text)


def _days_in(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def _shift(day: date, days: int) -> date:
    """Move by some days, stopping at the calendar's ends rather than overflowing."""
    try:
        return day + timedelta(days=days)
    except OverflowError:
        return date.min if days < 0 else date.max


def _human_range(start: DatePoint, end: DatePoint) -> str:
    """Say once what both ends share: "14-19 March 2019", "March-May 2019", "2018-2019"."""
    if start == end:
        return start.human()
    if start.precision != end.precision or start.precision == "year":
        sep = _DASH if start.precision == end.precision == "year" else f" {_DASH} "
        return f"{start.human()}{sep}{end.human()}"
    if start.year != end.year:
        return f"{start.human()} {_DASH} {end.human()}"
    if start.precision == "month":
        return f"{_MONTHS[start.month or 1]}{_DASH}{_MONTHS[end.month or 1]} {end.year}"
    if start.month == end.month:
        return f"{start.day}{_DASH}{end.day} {_MONTHS[end.month or 1]} {end.year}"
    return f"{start.day} {_MONTHS[start.month or 1]} {_DASH} {end.human()}"


def range_words(start: DatePoint, end: DatePoint) -> str:
    """Both ends in the active language's words, saying once the words they end with: "14–19 mars 2019",
    "14 de marzo – 2 de abril de 2019", "marzo–mayo de 2019" (in English, as `_human_range`)."""
    first, last = start.words(), end.words()
    if start == end:
        return first
    if start.precision != end.precision or start.precision == "year":
        return f"{first}{_DASH if start.precision == end.precision else f' {_DASH} '}{last}"
    head, tail = first.split(" "), last.split(" ")
    shared = 0
    while shared < min(len(head), len(tail)) - 1 and head[-1 - shared] == tail[-1 - shared]:
        shared += 1
    if shared == 0:
        return f"{first} {_DASH} {last}"
    said = " ".join(head[:-shared]).rstrip(",،")  # "14 مارس، 2019": the comma goes with the year
    return f"{said}{_DASH if ' ' not in said else f' {_DASH} '}{last}"


# The one help text for every fuzzy-date field, on every form.
DATE_HELP = gettext_lazy("2019-03-14, 2019-03 or 2019; a range 2019-03-14/2019-03-19; a leading ~ for “about”")


def clean_fuzzy(value: str) -> str:
    """A form's fuzzy date, checked by the one parser; the error names what is wrong."""
    from django import forms

    value = value.strip()
    if value:
        try:
            FuzzyDate.parse(value)
        except DateFormatError as exc:
            raise forms.ValidationError(str(exc)) from exc
    return value
