"""The one shape every check reports in: the gap report, the chronology checks, bundle warnings."""

import hashlib
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


def finding_id(finding: Finding) -> str:
    """A stable id for a finding: "c-" and a short hash of its code and the records it names."""
    digest = hashlib.sha256("|".join((finding.code, *finding.refs)).encode()).hexdigest()
    return f"c-{digest[:10]}"
