"""Validation of `case.yaml` (spec/case-package.md, `article3-case/1`).

Each check names the key path of what is wrong (`documents[3].file: ...`). Values come back
normalised: dates as their canonical text, missing optional keys filled with defaults.
"""

import datetime
import re
from collections.abc import Callable
from typing import Any

from article3.chronology.dates import DateFormatError, FuzzyDate

FORMAT = "article3-case/1"


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


def relative_file(value: Any, path: str) -> str:
    name = text(value, path)
    parts = name.split("/")
    if name.startswith("/") or "\\" in name or any(p in ("", ".", "..") for p in parts):
        raise Invalid(f"{path}: {name!r} must be a relative path inside the package")
    return name


def build(*, forums: tuple[str, ...]) -> Mapping:
    """The manifest's shape. Element codes depend on the forum, so they are checked afterwards."""
    from article3.cases.models import PersonRole, Stage
    from article3.chronology.models import EventKind, RemedyBody, RemedyOutcome
    from article3.evidence.models import Consistency, DocumentKind

    req, opt = True, False
    source = Mapping({"document": (ident, opt), "paragraph": (integer, opt), "page": (integer, opt)})
    support = Mapping({"event": (ident, opt), "document": (ident, opt), "pages": (text, opt),
                       "paragraph": (integer, opt), "country_information": (ident, opt)})
    return Mapping({
        "format": (one_of(FORMAT), req),
        "case": (Mapping({
            "reference": (text, req), "forum": (one_of(*forums), req), "country_of_return": (country, req),
            "stage": (one_of(*Stage.values), opt), "hearing_date": (day, opt), "detained": (boolean, opt),
        }), req),
        "applicant": (Mapping({
            "name": (text, req), "other_names": (list_of(text), opt), "birth_date": (fuzzy_date, opt),
            "nationality": (country, opt), "languages": (list_of(text), opt),
            "interpreter_language": (text, opt),
        }), req),
        "people": (list_of(Mapping({
            "id": (ident, req), "role": (one_of(*PersonRole.values), req), "name": (text, req),
            "relation": (text, opt), "at_risk": (boolean, opt), "redact": (boolean, opt),
        })), opt),
        "events": (list_of(Mapping({
            "id": (ident, req), "kind": (one_of(*EventKind.values), req), "title": (text, req),
            "date": (fuzzy_date, opt), "place": (text, opt),
            "actors": (list_of(Mapping({"name": (text, req), "official": (boolean, opt)})), opt),
            "accounts": (list_of(Mapping({
                "source": (source, req), "date": (fuzzy_date, opt), "place": (text, opt),
                "age_stated": (integer, opt),
            })), opt),
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
                "consistency": (one_of(*Consistency.values), opt),
            })), opt),
            "addresses_individual_circumstances": (boolean, opt),
            "translation": (ident, opt), "translates": (ident, opt), "translator": (text, opt),
            "certified": (boolean, opt),
        })), opt),
        "facts": (list_of(Mapping({
            "id": (ident, req), "text": (text, req), "elements": (list_of(text), opt),
            "support": (list_of(support), opt),
        })), opt),
        "country_information": (list_of(Mapping({
            "id": (ident, req), "file": (relative_file, opt), "title": (text, req), "publisher": (text, opt),
            "date": (fuzzy_date, opt), "country": (country, opt), "url": (text, opt),
            "citations": (list_of(Mapping({
                "pages": (text, opt), "quote": (text, req), "elements": (list_of(text), opt),
            })), opt),
        })), opt),
        "exhibits": (list_of(ident), opt),
    })
