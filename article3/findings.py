"""The one shape every check reports in: the gap report, the chronology checks, bundle warnings."""

from dataclasses import dataclass, field
from typing import Literal

Severity = Literal["high", "medium", "low"]


@dataclass(frozen=True)
class Finding:
    """A weakness in a case, named by the keys of the objects involved and with what to do about it."""

    code: str
    severity: Severity
    message: str
    advice: str
    refs: tuple[str, ...] = field(default_factory=tuple)

    def as_json(self) -> dict[str, object]:
        return {
            "code": self.code,
            "severity": self.severity,
            "refs": list(self.refs),
            "message": self.message,
            "advice": self.advice,
        }
