"""Words written outside a request (by the worker, a converter, a check) and kept on a record.

Such a sentence is kept as its msgid and its parameters (`Words.as_json`), and worded in the reader's
language when a page shows it (`shown`). Its English wording (`str(words)`) is kept beside it for
what is filed, exported or read by the API, which answers in English; a record written before its
words were kept has only that English, and shows it as it is.

Pure Python: the converters and the bundle engine make words without Django; only `Words.text` asks
Django for the reader's language (and says it in English where Django is not set up).
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


def gettext_noop(message: str) -> str:
    """Marks `message` for the catalogues (makemessages finds it by this name) and returns it unchanged."""
    return message


GROUPED_FROM = 10_000  # a number from here on is written with its thousands grouped (2,000,000)


@dataclass(frozen=True)
class Words:
    """A sentence as a msgid and its parameters. A parameter is a name or a number kept as it is, a date
    (written "05 March 2026" in the reader's language), other words (worded in the same language), or a list
    of them (put one after the other)."""

    msgid: str
    params: Mapping[str, Any] = field(default_factory=dict)

    def __str__(self) -> str:
        """In English, as kept for the record."""
        return _fill(self.msgid, {name: _english(value) for name, value in self.params.items()})

    def text(self) -> str:
        """In the active language: the reader's, in a request."""
        from django.conf import settings

        if not settings.configured:
            return str(self)
        from django.utils.translation import gettext

        return _fill(gettext(self.msgid), {name: _local(value) for name, value in self.params.items()})

    def as_json(self) -> dict[str, Any]:
        kept: dict[str, Any] = {"msgid": self.msgid}
        if self.params:
            kept["params"] = {name: _kept(value) for name, value in self.params.items()}
        return kept

    @classmethod
    def from_json(cls, kept: Mapping[str, Any]) -> Words:
        params = kept.get("params") or {}
        return cls(str(kept["msgid"]), {name: _taken(value) for name, value in params.items()})


def shown(kept: object, fallback: str = "") -> str:
    """Words kept as JSON, in the reader's language. Without them (a record written before they were
    kept), the English `fallback` as it was stored, in the reader's language if it is a msgid."""
    if isinstance(kept, Mapping) and isinstance(kept.get("msgid"), str):
        try:
            return Words.from_json(kept).text()
        except (KeyError, TypeError, ValueError):
            pass  # words kept in a shape this version does not read: the English says it
    if not fallback:
        return ""
    from django.utils.translation import gettext

    return gettext(fallback)


def shown_all(kept: object, english: list[str]) -> list[str]:
    """Sentences kept as a list of words beside their English list, each in the reader's language; a row
    whose words do not match its English (kept before its words were) shows the English."""
    words = kept if isinstance(kept, list) and len(kept) == len(english) else [{}] * len(english)
    return [shown(item, text) for item, text in zip(words, english, strict=True)]


def joined(*parts: Words | str) -> Words:
    """Sentences one after the other, each worded in the reader's language (a plain string as it is)."""
    return Words("%(parts)s", {"parts": [part for part in parts if part]})


def kept_fields(words: Words | str, *, text: str, kept: str, max_length: int | None = None) -> dict[str, Any]:
    """The fields of a record that keep `words`: `text` in English, for the record, the API and the command
    line, and `kept`, their msgid and parameters, for the pages."""
    words = kept_words(words)
    return {text: str(words)[:max_length], kept: words.as_json()}


def progress_fields(words: Words | str) -> dict[str, Any]:
    """A running task's step, on a record with `progress` (200 characters) and `progress_words`."""
    return kept_fields(words, text="progress", kept="progress_words", max_length=200)


NO_PROGRESS: dict[str, Any] = {"progress": "", "progress_words": {}}


def kept_words(words: Words | str) -> Words:
    """Words as given, or a sentence given as text (a msgid, or already worded) taken as it is."""
    return words if isinstance(words, Words) else Words(str(words))


def _fill(template: str, params: Mapping[str, str]) -> str:
    return template % params if params else template


DATE_FORMAT = "d F Y"  # Django's date format of a date parameter: "05 March 2026"


def _english(value: Any) -> str:
    if isinstance(value, Words):
        return str(value)
    if isinstance(value, datetime.date):
        return value.strftime("%d %B %Y")  # Python's month names are English whatever the reader's language
    if isinstance(value, list | tuple):
        return " ".join(_english(item) for item in value)
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= GROUPED_FROM:
        return f"{value:,}"
    return str(value)


def _local(value: Any) -> str:
    if isinstance(value, Words):
        return value.text()
    if isinstance(value, datetime.date):
        from django.utils import dateformat

        return dateformat.format(value, DATE_FORMAT)
    if isinstance(value, list | tuple):
        return " ".join(_local(item) for item in value)
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= GROUPED_FROM:
        from django.utils.formats import number_format

        return number_format(value, force_grouping=True)
    return str(value)


def _kept(value: Any) -> Any:
    if isinstance(value, Words):
        return value.as_json()
    if isinstance(value, datetime.date):
        return {"date": value.isoformat()}
    if isinstance(value, list | tuple):
        return [_kept(item) for item in value]
    return value if isinstance(value, int | float | str) else str(value)


def _taken(value: Any) -> Any:
    if isinstance(value, Mapping) and "date" in value:
        return datetime.date.fromisoformat(str(value["date"]))
    if isinstance(value, Mapping):
        return Words.from_json(value)
    if isinstance(value, list):
        return [_taken(item) for item in value]
    return value
