"""What every generated document shares: the case's heading data, names of places and languages,
highlighted drafting notes, and the shape a builder returns."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pycountry
from django.utils import timezone

from article3.cases.models import Case
from article3.chronology.dates import DateFormatError, FuzzyDate
from article3.rulepacks import RulePackError, load_pack
from article3.words import Words

BLANK = "______________________________"


@dataclass(frozen=True)
class Rich:
    """Text with highlighted parts: drafting notes the team resolves and deletes before filing."""

    parts: tuple[tuple[str, bool], ...]

    @property
    def text(self) -> str:
        return "".join(text for text, _ in self.parts)

    def __str__(self) -> str:
        return self.text


def note(text: str) -> Rich:
    return Rich(((f"[{text}]", True),))


def plain(text: str) -> Rich:
    return Rich(((text, False),))


@dataclass
class Built:
    """A builder's result: the template context and what it rests on."""

    context: dict[str, Any]
    sources: dict[str, Any]
    warnings: list[Words] = field(default_factory=list)  # kept in English and shown in the reader's language
    paragraphs: list[tuple[int, int | None, int | None]] = field(default_factory=list)  # number, event, remedy
    page_limit: tuple[int, str] | None = None  # pages, and the rule that sets them


def and_list(items: list[str]) -> str:
    """["English", "French", "Ewondo"] -> "English, French and Ewondo"."""
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}" if items else ""


def country_name(code: str) -> str:
    found = pycountry.countries.get(alpha_2=code.upper()) if len(code) == 2 else None
    return str(getattr(found, "common_name", None) or getattr(found, "name", "")) or code


def language_name(code: str) -> str:
    """English name of a language given as an ISO 639 code; other text is kept as written."""
    text = code.strip()
    lookup = {2: "alpha_2", 3: "alpha_3"}.get(len(text))
    found = pycountry.languages.get(**{lookup: text.lower()}) if lookup else None
    return str(getattr(found, "name", "")) or text


def date_words(text: str) -> str:
    try:
        return FuzzyDate.parse(text).human() if text else ""
    except DateFormatError:
        return text


def sort_key(text: str) -> tuple[int, Any]:
    """Dated first, in date order (FuzzyDate.sort_key); unreadable or missing dates last."""
    try:
        return (0, FuzzyDate.parse(text).sort_key) if text else (1, ())
    except DateFormatError:
        return (1, ())


def forum_name(forum: str) -> str:
    try:
        return load_pack(forum).name
    except RulePackError:
        return forum


def case_context(case: Case, title: str) -> dict[str, Any]:
    applicant = case.applicant
    return {
        "title": title,
        "today": timezone.localdate().strftime("%-d %B %Y"),
        "organisation": case.organisation.name,
        "case": {"reference": case.reference, "forum": case.forum, "forum_name": forum_name(case.forum),
                 "country": country_name(case.country_of_return), "country_code": case.country_of_return},
        "applicant": {
            "name": applicant.name, "other_names": ", ".join(applicant.other_names or []),
            "birth_date": date_words(applicant.birth_date) or BLANK,
            "nationality": country_name(applicant.nationality) if applicant.nationality else BLANK,
            "languages": and_list([language_name(code) for code in applicant.languages or []]),
        },
        "notes": [],
    }


def case_sources(case: Case) -> dict[str, Any]:
    return {"case": case.version, "applicant": case.applicant.version,
            "people": {p.key: p.version for p in case.people.all()}}
