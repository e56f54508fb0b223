"""Small strict validators for the YAML rule packs; every error names the file and key path."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import NoReturn, TypeVar

from .model import CONFIDENCES, Confidence, RulePackError, Source, Statement

T = TypeVar("T")
S = TypeVar("S", bound=str)

SOURCE_KEYS = frozenset({"source", "confidence", "verified"})
# How the packs say that nobody read the primary text ("not read", "could not read", "was not
# confirmed"): such a statement is never shown as verified.
_NOT_READ = re.compile(r"\b(?:not|never)\s+(?:been\s+)?(?:read|confirmed)\b|\bunread\b", re.IGNORECASE)


def says_not_read(text: str) -> bool:
    """Whether a note or citation says its text was not read (so it cannot be verified)."""
    return bool(_NOT_READ.search(text))


@dataclass(frozen=True)
class Ctx:
    """Where in which file a value sits, e.g. `us-eoir.yaml: deadlines[2].unit`."""

    file: str
    path: str = ""

    def key(self, name: str) -> Ctx:
        return Ctx(self.file, f"{self.path}.{name}" if self.path else name)

    def index(self, position: int) -> Ctx:
        return Ctx(self.file, f"{self.path}[{position}]")

    def fail(self, problem: str) -> NoReturn:
        where = f"{self.file}: {self.path}" if self.path else self.file
        raise RulePackError(f"{where}: {problem}")


def mapping(
    ctx: Ctx, value: object, *, required: Iterable[str], optional: Iterable[str] = ()
) -> dict[str, object]:
    """A mapping with exactly the allowed keys: unknown keys and missing required keys fail."""
    if not isinstance(value, dict):
        ctx.fail(f"expected a mapping, got {type_name(value)}")
    required_keys, allowed = set(required), set(required) | set(optional)
    for key in value:
        if not isinstance(key, str):
            ctx.fail(f"key {key!r} is not a string")
        if key not in allowed:
            ctx.key(key).fail(f"unknown key (allowed: {', '.join(sorted(allowed))})")
    for key in sorted(required_keys - set(value)):
        ctx.key(key).fail("missing")
    return dict(value)


def keyed(ctx: Ctx, value: object) -> dict[str, object]:
    """A mapping whose keys are ids chosen by the pack (service methods, for example)."""
    if not isinstance(value, dict):
        ctx.fail(f"expected a mapping, got {type_name(value)}")
    for key in value:
        if not isinstance(key, str) or not key.isidentifier():
            ctx.fail(f"key {key!r} is not a lower_snake_case id")
    return dict(value)


def type_name(value: object) -> str:
    return "nothing" if value is None else type(value).__name__


def text(ctx: Ctx, value: object) -> str:
    if not isinstance(value, str) or not value.strip():
        ctx.fail(f"expected non-empty text, got {value!r}")
    return value.strip()


def optional_text(ctx: Ctx, value: object) -> str:
    return "" if value is None else text(ctx, value)


def boolean(ctx: Ctx, value: object) -> bool:
    if not isinstance(value, bool):
        ctx.fail(f"expected true or false, got {value!r}")
    return value


def integer(ctx: Ctx, value: object, *, minimum: int = 0) -> int:
    # bool is an int in Python; `period: true` must not pass as 1.
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        ctx.fail(f"expected a whole number >= {minimum}, got {value!r}")
    return value


def optional_integer(ctx: Ctx, value: object, *, minimum: int = 0) -> int | None:
    return None if value is None else integer(ctx, value, minimum=minimum)


def day(ctx: Ctx, value: object) -> datetime.date:
    # YAML reads an unquoted 2022-02-01 as a date; a datetime would carry a time of day.
    if isinstance(value, datetime.datetime) or not isinstance(value, datetime.date):
        ctx.fail(f"expected a date (YYYY-MM-DD), got {value!r}")
    return value


def optional_day(ctx: Ctx, value: object) -> datetime.date | None:
    return None if value is None else day(ctx, value)


def choice(ctx: Ctx, value: object, choices: Sequence[S]) -> S:
    for option in choices:
        if value == option:
            return option
    ctx.fail(f"{value!r} is not one of {', '.join(choices)}")


def optional_choice(ctx: Ctx, value: object, choices: Sequence[S]) -> S | None:
    return None if value is None else choice(ctx, value, choices)


def sequence(ctx: Ctx, value: object) -> list[object]:
    if not isinstance(value, list):
        ctx.fail(f"expected a list, got {type_name(value)}")
    return value


def items(ctx: Ctx, value: object, parse: Callable[[Ctx, object], T]) -> list[T]:
    return [parse(ctx.index(i), item) for i, item in enumerate(sequence(ctx, value))]


def identifiers(
    ctx: Ctx, value: object, *, allowed: Sequence[str] | None = None
) -> tuple[str, ...]:
    """A list of distinct ids, each from `allowed` when given."""
    found: list[str] = []
    for i, item in enumerate(sequence(ctx, value)):
        where = ctx.index(i)
        ident = text(where, item) if allowed is None else choice(where, item, allowed)
        if ident in found:
            where.fail(f"{ident!r} is listed twice")
        found.append(ident)
    return tuple(found)


def source(ctx: Ctx, raw: Mapping[str, object]) -> Source:
    """The `source`, `confidence` and `verified` keys of a statement.

    A U (unverified) mark can never be shown as verified: the notes say U must ship as
    unverified until someone reads the primary source.
    """
    citation = text(ctx.key("source"), raw.get("source"))
    confidence: Confidence = choice(ctx.key("confidence"), raw.get("confidence"), CONFIDENCES)
    verified = boolean(ctx.key("verified"), raw.get("verified"))
    if verified and confidence == "U":
        ctx.key("verified").fail("true is not allowed with confidence U")
    return Source(citation=citation, confidence=confidence, verified=verified)


def statement(ctx: Ctx, value: object) -> Statement:
    raw = mapping(ctx, value, required={"text"} | SOURCE_KEYS)
    return Statement(text=text(ctx.key("text"), raw["text"]), source=source(ctx, raw))


def unique(ctx: Ctx, ids: Iterable[str], what: str) -> None:
    seen: set[str] = set()
    for i, ident in enumerate(ids):
        if ident in seen:
            ctx.index(i).fail(f"duplicate {what} {ident!r}")
        seen.add(ident)
