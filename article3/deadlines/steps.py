"""The working of a computed deadline as steps that can be worded in any language, and their English.

The engine says each step of its working as a phrase: an English message id, marked for translation
where the engine writes it, with its arguments. A step is plain JSON, so a deadline keeps it and a
page words it in the reader's language (`article3.deadlines.explain`); its English words are the
record (the trace kept on the deadline, the command line, the API, the case record). An argument is:

- text or a number from the rule pack or the request (a rule's label, a citation, a count): said
  exactly as written, in every language;
- ``{"day": "2026-01-15"}``: a date, "Thu 2026-01-15" in English;
- ``{"holiday": "Labor Day", "calendar": "US", "day": "2026-09-07"}``: the holiday the calendar
  gives that day (``"closure": true`` when it is a day the offices close rather than a holiday in
  law), under the English name it had when the deadline was computed;
- ``{"text": msgid, "args": {...}}``: another of the engine's phrases, with its own arguments;
- ``{"chain": [...]}``: the days of a roll-over, said one after the other with arrows.

Nothing here needs Django: the engine and the command line run without a page.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from article3.words import gettext_noop

__all__ = [
    "ENGLISH", "Wording", "Words", "chain", "dated", "english", "fmt", "gettext_noop", "holiday_on", "msgids", "phrase",
]

Words = str | int | dict[str, Any]
ARROW = " → "
_DAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def fmt(when: datetime.date) -> str:
    """`Thu 2026-01-15`; English day names whatever the process locale."""
    return f"{_DAY_NAMES[when.weekday()]} {when.isoformat()}"


def phrase(msgid: str, /, **args: Words) -> dict[str, Any]:
    """One of the engine's phrases: its English, marked with gettext_noop by the caller, and its arguments."""
    return {"text": msgid, "args": args} if args else {"text": msgid}


def dated(when: datetime.date) -> dict[str, Any]:
    return {"day": when.isoformat()}


def holiday_on(name: str, *, calendar: str, when: datetime.date, closure: bool = False) -> dict[str, Any]:
    """A holiday by the calendar and date it comes from, so its name can be looked up in another language."""
    found: dict[str, Any] = {"holiday": name, "calendar": calendar, "day": when.isoformat()}
    return {**found, "closure": True} if closure else found


def chain(parts: list[Words]) -> dict[str, Any]:
    return {"chain": parts}


@dataclass(frozen=True)
class Wording:
    """How to say each kind of argument: in English for the record, in the reader's language on a page."""

    translate: Callable[[str], str]
    date: Callable[[datetime.date], str]
    holiday: Callable[[Mapping[str, Any]], str]

    def say(self, words: Words) -> str:
        if not isinstance(words, dict):
            return str(words)
        if "chain" in words:
            return ARROW.join(self.say(part) for part in words["chain"])
        if "holiday" in words:
            return self.holiday(words)
        if "day" in words:
            return self.date(datetime.date.fromisoformat(words["day"]))
        text = self.translate(words["text"])
        args = words.get("args")
        return text % {name: self.say(value) for name, value in args.items()} if args else text


ENGLISH = Wording(translate=str, date=fmt, holiday=lambda words: str(words["holiday"]))


def english(words: Words) -> str:
    """The English words of a step, exactly as the engine has always written them."""
    return ENGLISH.say(words)


def msgids(words: Words) -> list[str]:
    """Every message id a step uses, its own and those of the phrases in its arguments."""
    if not isinstance(words, dict):
        return []
    if "chain" in words:
        return [text for part in words["chain"] for text in msgids(part)]
    if "text" not in words:
        return []
    return [words["text"], *(text for value in (words.get("args") or {}).values() for text in msgids(value))]
