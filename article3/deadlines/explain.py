"""The working of a computed deadline, said in the reader's language.

The engine writes its trace in English and the case keeps it so: it is the record of how a date was
computed. For the page, each line is matched against the shapes the engine writes and said again in
the active language. What comes from the rule pack (rule labels, citations, rule text, notes) and the
names of holidays stay as written; a line of a shape not listed here is shown as it is.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

from django.utils.translation import gettext, gettext_noop

DAY = r"(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) \d{4}-\d{2}-\d{2}"
_PATTERNS = {"date": DAY, "start": DAY, "end": DAY, "count": r"\d+", "day": r"\d+", "iso": r"\d{4}-\d{2}-\d{2}",
             "unit": r"(?:calendar|business) days?|months?", "direction": r"after|before", "text": r".*?",
             "reason": r"[^→]+?"}
# Placeholders whose value is itself a phrase of the engine's (the others are dates or rule pack data).
_PHRASES = frozenset({"reason", "why", "unit", "direction"})

# The shapes, most specific first: a line takes the first that matches all of it.
SHAPES = (
    gettext_noop("Rule: %(rule)s, %(citation)s (verified)"),
    gettext_noop("Rule: %(rule)s, %(citation)s (unverified)"),
    gettext_noop("Trigger: %(trigger)s %(date)s"),
    gettext_noop("No fixed time limit (see the note)"),
    gettext_noop("Filing counts when dispatched: send by %(date)s"),
    gettext_noop("Filing counts on receipt: it must arrive by %(date)s"),
    gettext_noop("No days added for service (%(citation)s)"),
    gettext_noop("+%(count)s days for service → %(date)s (%(citation)s)"),
    gettext_noop("%(count)s %(unit)s %(direction)s → %(date)s (the month has no day %(day)s: its last day)"),
    gettext_noop("%(count)s %(unit)s %(direction)s → %(date)s"),
    gettext_noop("Target: %(date)s, the last business day on or before the rule day"),
    gettext_noop("Target: %(date)s: %(why)s"),
    gettext_noop("Unverified rule: %(text)s(%(citation)s)"),
    gettext_noop("Unverified service rule: %(text)s(%(citation)s)"),
    gettext_noop("Unverified counting: %(text)s(%(citation)s)"),
    gettext_noop("Unverified roll-over rule: %(text)s(%(citation)s)"),
    gettext_noop("Note on the trigger: %(note)s"),
    gettext_noop("Rule last checked against its source: %(iso)s"),
    gettext_noop("Set by the case team; no rule pack computed this date."),
    # How filing counts, as a deadline's row says it.
    gettext_noop("Filing counts when dispatched"),
    gettext_noop("Filing counts on receipt"),
    gettext_noop("The rule pack does not say how filing counts"),
    # Why a date to aim for is earlier (also shown on its own, as the deadline's aim reason).
    gettext_noop("it is counted back from the hearing, and moving it later would shorten the notice to the court"),
    gettext_noop("the rule that moves %(start)s to %(end)s is unverified, so aim for the last business day "
                 "on or before the rule day"),
    gettext_noop("%(date)s is not a business day and whether a Saturday extends this time limit is uncertain, "
                 "so aim for the business day before"),
    gettext_noop("%(date)s is not a business day and the time limit is not extended, so aim for the business "
                 "day before"),
    gettext_noop("%(date)s is %(reason)s: the time limit may not be extended, so aim for the business day before"),
    # Roll-over steps, joined by arrows.
    gettext_noop("%(date)s is a Saturday, which this rule does not list as a holiday; not extended"),
    gettext_noop("%(date)s is %(reason)s; not extended"),
    gettext_noop("%(date)s is %(reason)s"),
    # Single words and phrases inside the lines above.
    gettext_noop("a weekend"),
    gettext_noop("a Sunday"),
    gettext_noop("%(name)s (offices closed; not a holiday in the statute)"),
    gettext_noop("calendar day"), gettext_noop("calendar days"),
    gettext_noop("business day"), gettext_noop("business days"),
    gettext_noop("month"), gettext_noop("months"),
    gettext_noop("after"), gettext_noop("before"),
)
# The engine's English day names ("Thu 2026-01-15"), as Django's catalogues know them.
_DAY_NAMES = (gettext_noop("Mon"), gettext_noop("Tue"), gettext_noop("Wed"), gettext_noop("Thu"), gettext_noop("Fri"),
              gettext_noop("Sat"), gettext_noop("Sun"))


@functools.cache
def _compiled() -> list[tuple[str, re.Pattern[str]]]:
    compiled = []
    for shape in SHAPES:
        parts = re.split(r"%\((\w+)\)s", shape)
        regex = "".join(re.escape(part) if n % 2 == 0 else f"(?P<{part}>{_PATTERNS.get(part, '.+?')})"
                        for n, part in enumerate(parts))
        compiled.append((shape, re.compile(regex, re.DOTALL)))
    return compiled


def _day(text: str) -> str:
    name, _, iso = text.partition(" ")
    return f"{gettext(name)} {iso}"


def _value(name: str, value: str) -> str:
    if re.fullmatch(DAY, value):
        return _day(value)
    return explain(value) if name in _PHRASES else value


def explain(line: str) -> str:
    """One line of the engine's working in the active language (unchanged in English)."""
    for shape, regex in _compiled():
        found = regex.fullmatch(line)
        if found:
            return gettext(shape) % {name: _value(name, value) for name, value in found.groupdict().items()}
    if re.fullmatch(DAY, line):
        return _day(line)
    if " → " in line:
        return " → ".join(explain(part) for part in line.split(" → "))
    return line


def explain_all(lines: Iterable[str]) -> list[str]:
    return [explain(str(line)) for line in lines]
