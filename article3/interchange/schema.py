"""Validation of `case.yaml` (docs/case-package.md: `article3-case/2`, and `/1` as before).

Each check names the key path of what is wrong (`documents[3].file: ...`). Values come back
normalised: dates as their canonical text, missing optional keys filled with defaults.
"""

import datetime
import re
from collections.abc import Callable
from typing import Any

from article3.chronology.dates import DateFormatError, FuzzyDate

FORMAT = "article3-case/2"
FORMATS = ("article3-case/1", FORMAT)


class PackageError(Exception):
    """A package that cannot be imported; `problems` lists every error found, each with its path."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


class Invalid(Exception):
    pass


Check = Callable[[Any, str], Any]


def text(value: Any, path: str) -> str:
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise Invalid(f"{path}: expected text, got {type(value).__name__}")
    return str(value)


def boolean(value: Any, path: str) -> bool:
    if not isinstance(value, bool):
        raise Invalid(f"{path}: expected true or false, got {value!r}")
    return value


def integer(value: Any, path: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise Invalid(f"{path}: expected a whole number, got {value!r}")
    return int(value)


def fuzzy_date(value: Any, path: str) -> str:
    try:
        return str(FuzzyDate.coerce(value))
    except DateFormatError as exc:
        raise Invalid(f"{path}: {exc}") from exc


def day(value: Any, path: str) -> str:
    if isinstance(value, datetime.date):
        return value.isoformat()
    try:
        return datetime.date.fromisoformat(str(value)).isoformat()
    except ValueError as exc:
        raise Invalid(f"{path}: {value!r} is not a date like 2027-02-10") from exc


def moment(value: Any, path: str) -> str:
    """A point in time with its offset from UTC, like 2026-10-01T09:30:00+00:00."""
    try:
        parsed = value if isinstance(value, datetime.datetime) else datetime.datetime.fromisoformat(str(value))
    except ValueError as exc:
        raise Invalid(f"{path}: {value!r} is not a date and time like 2026-10-01T09:30:00+00:00") from exc
    if parsed.tzinfo is None:
        raise Invalid(f"{path}: {value!r} needs its offset from UTC (for example +00:00)")
    return parsed.isoformat()


def clock(value: Any, path: str) -> str:
    """A time of day like 06:30 or 06:30:00."""
    if isinstance(value, datetime.time):
        return value.isoformat()
    try:
        return datetime.time.fromisoformat(str(value)).isoformat()
    except ValueError as exc:
        raise Invalid(f"{path}: {value!r} is not a time of day like 06:30") from exc


def anything(value: Any, path: str) -> Any:
    """Kept as it came (lists, mappings, text, numbers): a record of working, not read by the import."""
    return value


def country(value: Any, path: str) -> str:
    if not isinstance(value, str) or not re.fullmatch(r"[A-Za-z]{2}", value):
        raise Invalid(f"{path}: {value!r} is not a two-letter ISO 3166 country code")
    return value.upper()


def one_of(*choices: str) -> Check:
    def check(value: Any, path: str) -> str:
        if value not in choices:
            raise Invalid(f"{path}: {value!r} is not one of {', '.join(choices)}")
        return str(value)

    return check


def list_of(item: Check) -> Check:
    def check(value: Any, path: str) -> list[Any]:
        if not isinstance(value, list):
            raise Invalid(f"{path}: expected a list")
        return [item(v, f"{path}[{i}]") for i, v in enumerate(value)]

    return check


class Mapping:
    """A mapping with known keys; `x-` keys are kept aside, any other unknown key is an error."""

    def __init__(self, fields: dict[str, tuple[Check, bool]]) -> None:
        self.fields = fields

    def __call__(self, value: Any, path: str) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise Invalid(f"{path}: expected a mapping")
        out: dict[str, Any] = {"x": {k: v for k, v in value.items() if str(k).startswith("x-")}}
        for key in value:
            if not str(key).startswith("x-") and key not in self.fields:
                raise Invalid(f"{path}.{key}: unknown key (extensions must start with 'x-')")
        for key, (check, required) in self.fields.items():
            if key in value and value[key] is not None:
                out[key] = check(value[key], f"{path}.{key}")
            elif required:
                raise Invalid(f"{path}.{key}: missing")
        return out


def ident(value: Any, path: str) -> str:
    if not isinstance(value, str) or not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,79}", value):
        raise Invalid(f"{path}: {value!r} is not a valid id (letters, digits, - _ .; at most 80)")
    return value


def conflict_id(value: Any, path: str) -> str:
    if not isinstance(value, str) or not re.fullmatch(r"c-[0-9a-f]{10}", value):
        raise Invalid(f"{path}: {value!r} is not a conflict id (c- and ten hexadecimal digits)")
    return value


def relative_file(value: Any, path: str) -> str:
    name = text(value, path)
    parts = name.split("/")
    if name.startswith("/") or "\\" in name or any(p in ("", ".", "..") for p in parts):
        raise Invalid(f"{path}: {name!r} must be a relative path inside the package")
    return name


def build(*, forums: tuple[str, ...], version: int = 2) -> Mapping:
    """The manifest's shape. Element codes depend on the forum, so they are checked afterwards.

    Version 2 keys are refused in a version 1 package, as any unknown key is.
    """
    from article3.cases.models import PersonRole, Stage
    from article3.chronology.models import EventKind, RemedyBody, RemedyOutcome
    from article3.evidence.models import Consistency, DocumentKind

    req, opt = True, False
    v2: Callable[[dict[str, tuple[Check, bool]]], dict[str, tuple[Check, bool]]] = (
        (lambda keys: keys) if version >= 2 else (lambda keys: {}))
    source = Mapping({"document": (ident, opt), "paragraph": (integer, opt), "page": (integer, opt),
                      **v2({"interview": (text, opt)})})
    support = Mapping({"event": (ident, opt), "document": (ident, opt), "pages": (text, opt),
                       "paragraph": (integer, opt), "country_information": (ident, opt),
                       **v2({"citation": (ident, opt), "testimony": (boolean, opt), "note": (text, opt)})})
    return Mapping({
        "format": (one_of(*FORMATS), req),
        "case": (Mapping({
            "reference": (text, req), "forum": (one_of(*forums), req), "country_of_return": (country, req),
            "stage": (one_of(*Stage.values), opt), "hearing_date": (day, opt), "detained": (boolean, opt),
            **v2({"risk_profile": (text, opt), "risk_terms": (text, opt), "no_remedy_reason": (text, opt),
                  "prior_immigration": (text, opt), "created_at": (moment, opt), "closed_at": (moment, opt)}),
        }), req),
        "applicant": (Mapping({
            "name": (text, req), "other_names": (list_of(text), opt), "birth_date": (fuzzy_date, opt),
            "nationality": (country, opt), "languages": (list_of(text), opt),
            "interpreter_language": (text, opt),
            **v2({"reads_english": (boolean, opt), "background": (text, opt), "interpreter_dialect": (text, opt)}),
        }), req),
        "people": (list_of(Mapping({
            "id": (ident, req), "role": (one_of(*PersonRole.values), req), "name": (text, req),
            "relation": (text, opt), "at_risk": (boolean, opt), "redact": (boolean, opt),
            **v2({"notes": (text, opt)}),
        })), opt),
        **v2(_v2_sections()),
        "events": (list_of(Mapping({
            "id": (ident, req), "kind": (one_of(*EventKind.values), req), "title": (text, req),
            "date": (fuzzy_date, opt), "place": (text, opt),
            "actors": (list_of(Mapping({"name": (text, req), "official": (boolean, opt)})), opt),
            "accounts": (list_of(Mapping({
                "source": (source, req), "date": (fuzzy_date, opt), "place": (text, opt),
                "age_stated": (integer, opt), **v2({"quote": (text, opt)}),
            })), opt),
            **v2({"concerns_applicant": (boolean, opt), "in_home_country": (boolean, opt),
                  "description": (text, opt)}),
        })), opt),
        "domestic_remedies": (list_of(Mapping({
            "id": (ident, req), "date": (fuzzy_date, opt), "body": (one_of(*RemedyBody.values), req),
            "description": (text, opt), "outcome": (one_of(*RemedyOutcome.values), req),
            "consequence": (text, opt), "evidence": (list_of(ident), opt),
        })), opt),
        "documents": (list_of(Mapping({
            "id": (ident, req), "file": (relative_file, req), "kind": (one_of(*DocumentKind.values), req),
            "title": (text, opt), "language": (text, opt), "date": (fuzzy_date, opt), "author": (text, opt),
            "findings": (list_of(Mapping({
                "finding": (text, req), "attributed_to": (text, opt),
                "consistency": (one_of(*Consistency.values), opt), **v2({"event": (ident, opt)}),
            })), opt),
            "addresses_individual_circumstances": (boolean, opt),
            "translation": (ident, opt), "translates": (ident, opt), "translator": (text, opt),
            "certified": (boolean, opt),
            **v2(dict.fromkeys(DOCUMENT_TEXT, (text, opt))),
            **v2({"withdrawn_at": (moment, opt), "withdrawn_reason": (text, opt), "bundle_excluded": (boolean, opt)}),
            **v2({"needs_review": (boolean, opt), "created_at": (moment, opt), "custody": (list_of(Mapping({
                "at": (moment, req), "actor": (text, req), "action": (text, req),
                **dict.fromkeys(("input_sha256", "output_sha256", "tool", "tool_version", "note"), (text, opt)),
            })), opt)}),
        })), opt),
        "facts": (list_of(Mapping({
            "id": (ident, req), "text": (text, req), "elements": (list_of(text), opt),
            "support": (list_of(support), opt), **v2({"created_at": (moment, opt)}),
        })), opt),
        "country_information": (list_of(Mapping({
            "id": (ident, req), "file": (relative_file, opt), "title": (text, req), "publisher": (text, opt),
            "date": (fuzzy_date, opt), "country": (country, opt), "url": (text, opt),
            "citations": (list_of(Mapping({
                "pages": (text, opt), "quote": (text, req), "elements": (list_of(text), opt),
                **v2({"id": (ident, opt), "note": (text, opt), "created_by": (text, opt),
                      "created_at": (moment, opt)}),
            })), opt),
        })), opt),
        "exhibits": (list_of(ident), opt),
    })


# Document fields of version 2 that are plain text (dates among them are kept as written).
DOCUMENT_TEXT = ("received_from", "received_how", "original_name", "translator_competence", "translator_address",
                 "translator_phone", "certificate_date", "translated_from_sha256", "qualifications", "examiner",
                 "examination_date")
SAFETY_PLAN_TEXT = ("trusted_contacts", "emergency_contacts", "legal_contacts", "originals_location",
                    "medical_referrals", "psychological_referrals", "housing_referrals", "organisation_referrals",
                    "routines")


def _v2_sections() -> dict[str, tuple[Check, bool]]:
    """The sections version 2 adds: feared agents, the safety plan, decisions, deadlines, interim requests,
    the planned removal, answers to conflicts."""
    from article3.chronology.models import ConflictStatus
    from article3.deadlines.models import (
        Compliance,
        InterimKind,
        InterimStatus,
        Origin,
        Outcome,
        Reason,
        Relief,
        Service,
    )
    from article3.remedies.models import FindingCategory

    req, opt = True, False
    return {
        "feared_agents": (list_of(Mapping({
            "id": (ident, req), "description": (text, req), "official": (boolean, opt),
            "link_to_officials": (text, opt),
        })), opt),
        "safety_plan": (Mapping({**dict.fromkeys(SAFETY_PLAN_TEXT, (text, opt)), "updated_at": (moment, opt)}), opt),
        "decisions": (list_of(Mapping({
            "id": (ident, req), "date": (day, req), "trigger": (text, req), "decision_maker": (text, opt),
            "outcome": (one_of(*Outcome.values), req), "relief": (text, opt),
            "relief_granted": (list_of(one_of(*Relief.values)), opt),
            "relief_refused": (list_of(one_of(*Relief.values)), opt),
            "service": (one_of(*Service.values), opt), "final": (boolean, opt),
            "reasons": (list_of(one_of(*Reason.values)), opt), "reasons_note": (text, opt),
            "created_at": (moment, opt),
        })), opt),
        "deadlines": (list_of(Mapping({
            "rule": (text, req), "label": (text, req), "title": (text, opt), "forum": (text, opt),
            "trigger": (text, req),
            "trigger_date": (day, req), "service": (text, opt), "due": (day, opt), "target": (day, opt),
            "rule_day": (day, opt), "filing": (text, opt), "citation": (text, opt), "verified": (boolean, opt),
            "aim_reason": (text, opt), "rule_checked_on": (day, opt), "confidence": (text, opt),
            "note": (text, opt), "trace": (anything, opt), "working": (anything, opt),
            "origin": (one_of(*Origin.values), opt), "decision": (ident, opt), "done_at": (moment, opt),
            "created_at": (moment, opt),
        })), opt),
        "interim_requests": (list_of(Mapping({
            "kind": (one_of(*InterimKind.values), req), "status": (one_of(*InterimStatus.values), opt),
            "addressed_to": (text, opt), "reference": (text, opt), "filed_on": (day, opt),
            "decided_on": (day, opt), "compliance": (one_of(*Compliance.values), opt), "option": (text, opt),
            "note": (text, opt), "created_at": (moment, opt), "updated_at": (moment, opt),
        })), opt),
        "removal": (Mapping({
            "removal_date": (day, req), "removal_time": (clock, opt), "detention_place": (text, opt),
            "transfer_risk": (text, opt), "identifier": (text, opt), "contact_arrangements": (text, opt),
            "created_at": (moment, opt), "updated_at": (moment, opt),
        }), opt),
        "adverse_findings": (list_of(Mapping({
            "id": (ident, req), "decision": (ident, req), "page": (integer, opt), "paragraph": (integer, opt),
            "category": (one_of(*FindingCategory.values), req), "element": (text, opt), "finding": (text, req),
            "answer": (text, opt), "created_at": (moment, opt),
        })), opt),
        "conflict_notes": (list_of(Mapping({
            "conflict_id": (conflict_id, req), "status": (one_of(*ConflictStatus.values), req),
            "note": (text, req), "updated_at": (moment, opt),
        })), opt),
        "hearing_answers": (list_of(Mapping({
            "question_id": (conflict_id, req), "finding": (text, req), "answer": (text, req),
            "approved": (boolean, opt), "updated_at": (moment, opt),
        })), opt),
        "hearing_outline": (list_of(Mapping({
            "title": (text, req), "element": (text, opt), "elicit": (text, opt), "witnesses": (text, opt),
            "position": (integer, opt),
        })), opt),
        "hearing_witnesses": (list_of(Mapping({
            "person": (ident, req), "speaks_to": (text, opt), "language": (text, opt),
            "interpreter_needed": (boolean, opt), "remote": (boolean, opt), "contact_done": (boolean, opt),
            "checklist": (list_of(text), opt),
        })), opt),
        "interview_care": (Mapping({
            "breaks": (text, opt), "triggers": (text, opt), "interviewer_gender": (text, opt),
            "interpreter_gender": (text, opt), "accommodations": (text, opt), "updated_at": (moment, opt),
        }), opt),
        "hearing_checklist_done": (list_of(Mapping({"item": (text, req), "ticked_at": (moment, opt)})), opt),
        "hearing_notes": (list_of(Mapping({
            "text": (text, req), "question_id": (text, opt), "judge_asked": (boolean, opt),
            "created_at": (moment, opt),
        })), opt),
    }
