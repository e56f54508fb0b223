"""Keep people marked `redact` out of documents that leave the team.

Their names can turn up anywhere a person typed text: event titles, quotes, facts, notes. So the
whole template context is passed through the redactor before rendering, and the rendered file is
checked again afterwards (an organisation's own template could hold a name too).

A full name is replaced wherever it appears, in any case. Each part of the name (three letters or
more) is replaced where it appears capitalised as a word, unless the applicant's own names share
it: a brother has the applicant's surname, and the applicant is named in every document.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any

from article3.cases.models import Case

MARK = "[redacted]"
_TOKEN = re.compile(r"[^\W\d_][\w'’-]*", re.UNICODE)
_TITLES = frozenset({"dr", "mr", "mrs", "ms", "miss", "prof", "sir", "madam"})


def _tokens(text: str) -> list[str]:
    return _TOKEN.findall(text)


@dataclass(frozen=True)
class Redactor:
    full_names: tuple[re.Pattern[str], ...]
    parts: tuple[re.Pattern[str], ...]

    def text(self, value: str) -> str:
        for pattern in (*self.full_names, *self.parts):
            value = pattern.sub(MARK, value)
        return value

    def walk(self, value: Any) -> Any:
        """The same structure with every string redacted (dicts, lists, tuples, Rich texts)."""
        from article3.docs.builders.common import Rich

        if isinstance(value, str):
            return self.text(value)
        if isinstance(value, Rich):
            return replace(value, parts=tuple((self.text(t), h) for t, h in value.parts))
        if isinstance(value, dict):
            return {k: self.walk(v) for k, v in value.items()}
        if isinstance(value, list | tuple):
            return type(value)(self.walk(v) for v in value)
        return value

    def leaks(self, text: str) -> list[str]:
        """The redacted names (or name parts) still in `text`: empty when clean. Never log them."""
        return [m.group(0) for pattern in (*self.full_names, *self.parts) for m in pattern.finditer(text)]


NOBODY = Redactor(full_names=(), parts=())


def redactor_for(case: Case) -> Redactor:
    applicant = case.applicant
    own = {t.casefold() for name in [applicant.name, *(applicant.other_names or [])] for t in _tokens(name)}
    names = [p.name.strip() for p in case.people.filter(redact=True) if p.name.strip()]
    full = tuple(re.compile(r"\s+".join(re.escape(t) for t in name.split()), re.IGNORECASE) for name in names)
    parts = sorted({t for name in names for t in _tokens(name)
                    if len(t) >= 3 and t.casefold() not in own and t.casefold().rstrip(".") not in _TITLES},
                   key=len, reverse=True)
    patterns = tuple(re.compile(rf"(?<!\w){re.escape(t)}(?!\w)") for t in parts)
    return Redactor(full_names=full, parts=patterns)
