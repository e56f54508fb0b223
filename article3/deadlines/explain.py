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

from django.utils.translation import gettext
from django.utils.translation import gettext_noop as N

DAY = r"(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) \d{4}-\d{2}-\d{2}"
_PATTERNS = {"date": DAY, "start": DAY, "end": DAY, "count": r"\d+", "day": r"\d+", "iso": r"\d{4}-\d{2}-\d{2}",
             "unit": r"(?:calendar|business) days?|months?", "direction": r"after|before", "text": r".*?",
             "reason": r"[^→]+?"}
# Placeholders whose value is itself a phrase of the engine's (the others are dates or rule pack data).
_PHRASES = frozenset({"reason", "why", "unit", "direction"})

# The shapes, most specific first: a line takes the first that matches all of it.
SHAPES = (
    N("Rule: %(rule)s, %(citation)s (verified)"),
    N("Rule: %(rule)s, %(citation)s (unverified)"),
    N("Trigger: %(trigger)s %(date)s"),
    N("No fixed time limit (see the note)"),
    N("Filing counts when dispatched: send by %(date)s"),
    N("Filing counts on receipt: it must arrive by %(date)s"),
    N("No days added for service (%(citation)s)"),
    N("+%(count)s days for service → %(date)s (%(citation)s)"),
    N("%(count)s %(unit)s %(direction)s → %(date)s (the month has no day %(day)s: its last day)"),
    N("%(count)s %(unit)s %(direction)s → %(date)s"),
    N("Target: %(date)s, the last business day on or before the rule day"),
    N("Target: %(date)s: %(why)s"),
    N("Unverified rule: %(text)s(%(citation)s)"),
    N("Unverified service rule: %(text)s(%(citation)s)"),
    N("Unverified counting: %(text)s(%(citation)s)"),
    N("Unverified roll-over rule: %(text)s(%(citation)s)"),
    N("Note on the trigger: %(note)s"),
    N("Rule last checked against its source: %(iso)s"),
    N("Set by the case team; no rule pack computed this date."),
    # How filing counts, as a deadline's row says it.
    N("Filing counts when dispatched"),
    N("Filing counts on receipt"),
    N("The rule pack does not say how filing counts"),
    # Why a date to aim for is earlier (also shown on its own, as the deadline's aim reason).
    N("it is counted back from the hearing, and moving it later would shorten the notice to the court"),
    N("the rule that moves %(start)s to %(end)s is unverified, so aim for the last business day on or before "
      "the rule day"),
    N("%(date)s is not a business day and whether a Saturday extends this time limit is uncertain, so aim for "
      "the business day before"),
    N("%(date)s is not a business day and the time limit is not extended, so aim for the business day before"),
    N("%(date)s is %(reason)s: the time limit may not be extended, so aim for the business day before"),
    # Roll-over steps, joined by arrows.
    N("%(date)s is a Saturday, which this rule does not list as a holiday; not extended"),
    N("%(date)s is %(reason)s; not extended"),
    N("%(date)s is %(reason)s"),
    # Single words and phrases inside the lines above.
    N("a weekend"),
    N("a Sunday"),
    N("%(name)s (offices closed; not a holiday in the statute)"),
    N("calendar day"), N("calendar days"), N("business day"), N("business days"), N("month"), N("months"),
    N("after"), N("before"),
)
# The engine's English day names ("Thu 2026-01-15"), as Django's catalogues know them.
_DAY_NAMES = (N("Mon"), N("Tue"), N("Wed"), N("Thu"), N("Fri"), N("Sat"), N("Sun"))


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
