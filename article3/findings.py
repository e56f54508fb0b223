"""The one shape every check reports in: the gap report, the chronology checks, bundle warnings."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from article3.words import Words, shown

Severity = Literal["high", "medium", "low"]


@dataclass(frozen=True)
class Finding:
    """A weakness in a case, named by the keys of the objects involved and with what to do about it."""

    code: str
    severity: Severity
    message: str
    advice: str
    refs: tuple[str, ...] = field(default_factory=tuple)
    # The message and the advice as words (article3.words), for a finding kept on a record (a bundle build's
    # warnings) and shown later in its reader's language. None for a finding only shown as it is made.
    words: tuple[Words, Words] | None = field(default=None, compare=False)

    @classmethod
    def worded(cls, *, code: str, severity: Severity, message: Words, advice: Words,
               refs: Iterable[str] = ()) -> Finding:
        """A finding said in the active language that keeps its words, to be said again in another."""
        return cls(code=code, severity=severity, message=message.text(), advice=advice.text(), refs=tuple(refs),
                   words=(message, advice))

    def as_json(self) -> dict[str, object]:
        return {
            "code": self.code,
            "severity": self.severity,
            "refs": list(self.refs),
            "message": self.message,
            "advice": self.advice,
        }

    def kept_json(self) -> dict[str, object]:
        """As kept on a record: the message and advice in English, for what is filed, and their words."""
        if self.words is None:
            return self.as_json()
        message, advice = self.words
        return {**self.as_json(), "message": str(message), "advice": str(advice),
                "words": {"message": message.as_json(), "advice": advice.as_json()}}


def finding_shown(kept: Mapping[str, Any]) -> dict[str, Any]:
    """A finding kept as JSON, its message and advice in the reader's language (in English if it was kept
    before its words were)."""
    words = kept.get("words") or {}
    return {**kept, "message": shown(words.get("message"), str(kept.get("message", ""))),
            "advice": shown(words.get("advice"), str(kept.get("advice", "")))}


def finding_id(finding: Finding) -> str:
    """A stable id for a finding: "c-" and a short hash of its code and the records it names."""
    digest = hashlib.sha256("|".join((finding.code, *finding.refs)).encode()).hexdigest()
    return f"c-{digest[:10]}"
