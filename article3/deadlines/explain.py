"""The working of a computed deadline, worded in the reader's language.

The engine gives its working as steps (`article3.deadlines.steps`) and a deadline keeps them beside
their English words, the record. A page words each step again with gettext in the active language:
dates with the language's day names, holidays by the name the `holidays` package gives them in that
language where it has one (in English otherwise). What comes from the rule pack (rule labels,
citations, rule text, notes, whether the rule is verified) is said exactly as the pack writes it.

A deadline computed before the steps were kept has only its English lines: they are shown as they are.
"""

from __future__ import annotations

import datetime
import functools
from collections.abc import Mapping
from typing import Any, Protocol

from django.utils import formats
from django.utils.translation import get_language, gettext, to_locale

from article3.deadlines.engine import holiday_languages, holiday_name
from article3.deadlines.steps import Wording, Words


class Worked(Protocol):
    """What a deadline keeps of its working (`Deadline` and its kind)."""

    working: Any
    trace: Any
    aim_reason: str


def _date(day: datetime.date) -> str:
    return formats.date_format(day, "D Y-m-d")  # as the engine writes it, "Thu 2026-01-15", in the language


@functools.cache
def _package_language(calendar: str, language: str) -> str | None:
    """The `holidays` package's code for `language` on this calendar ("fr", "en_CA"), None if it has none."""
    supported = holiday_languages(calendar)
    code = to_locale(language)
    base = code.split("_")[0]
    for candidate in (code, base):
        if candidate in supported:
            return candidate
    return next((known for known in supported if known.split("_")[0] == base), None)


def _holiday(words: Mapping[str, Any]) -> str:
    """The holiday's name in the reader's language, or the English name it was computed with.

    The name in another language is used only while the calendar still gives that day the English
    name on record, so the page never names a different holiday from the one the date rests on."""
    recorded = str(words["holiday"])
    language = get_language() or "en"
    if language.split("-")[0] == "en":
        return recorded
    try:
        calendar, day, closure = str(words["calendar"]), datetime.date.fromisoformat(words["day"]), bool(
            words.get("closure"))
        code = _package_language(calendar, language)
        if code is None or holiday_name(day, calendar=calendar, closure=closure) != recorded:
            return recorded
        return holiday_name(day, calendar=calendar, language=code, closure=closure) or recorded
    except (KeyError, ValueError, NotImplementedError):  # a calendar or date this version does not know
        return recorded


PAGE = Wording(translate=gettext, date=_date, holiday=_holiday)


def say(words: Words) -> str:
    """One step of the working (or a reason in it) in the active language."""
    return PAGE.say(words)


def working(deadline: Worked) -> list[str]:
    """Every step of how the deadline was computed, in the active language (old rows: as kept)."""
    steps = (deadline.working or {}).get("steps")
    return [say(step) for step in steps] if steps else [str(line) for line in deadline.trace or []]


def why_earlier(deadline: Worked) -> str:
    """Why the date to aim for is earlier than the due date, in the active language ("" if it is not)."""
    words = (deadline.working or {}).get("aim_reason")
    return say(words) if words else deadline.aim_reason
