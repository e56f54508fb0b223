"""Languages as people write them ("Arabic", "Tigrinya", "fr") and as the program compares them (codes).

Codes are kept, so that a booking's language and an interpreter's compare whatever spelling was
typed; pages show the English name again.
"""

import re
from typing import Any, TypedDict

import pycountry
from django import forms
from django.utils.translation import gettext as _

from article3.cases.forms import LANGUAGE

# Names people use that the ISO list spells otherwise.
ALIASES = {"pashto": "ps", "farsi": "fa", "mandarin": "zh", "cantonese": "yue", "fula": "ff", "fulani": "ff",
           "sorani": "ckb", "kurmanji": "kmr", "dari persian": "prs"}
# Between a language and its dialect: "Arabic — Sudanese", "Arabic - Sudanese", "Arabic: Sudanese".
_DIALECT = re.compile(r"\s+[—–-]\s+|\s*:\s*")
_BRACKETS = re.compile(r"^(?P<language>[^()]+?)\s*\((?P<dialect>[^()]*)\)$")


class Spoken(TypedDict):
    language: str
    dialect: str


def _record(text: str) -> Any:
    """pycountry's record of the language, or None."""
    try:
        return pycountry.languages.lookup(text)
    except LookupError:
        return None


def language_code(text: str) -> str:
    """The code of a language written by name or code; ValidationError if it is neither."""
    text = " ".join(text.split())
    if not text:
        return ""
    alias = ALIASES.get(text.casefold())
    if alias:
        return alias
    found = _record(text)
    if found is not None:
        return str(getattr(found, "alpha_2", None) or found.alpha_3)
    if LANGUAGE.fullmatch(text) and _record(text.split("-")[0]) is not None:
        return text  # a tag with a region or script: fr-CM
    raise forms.ValidationError(
        _("“%(text)s” is not a language Article3 knows: write its English name (Tigrinya) or its code (ti).")
        % {"text": text[:40]})


def canonical(code: str) -> str:
    """One spelling per language, for comparing: "ara", "ar" and "ar-SD" are all "ar"."""
    primary = code.strip().replace("_", "-").split("-")[0].casefold()
    if primary in ALIASES.values():
        return primary
    found = _record(primary) if primary else None
    return str(getattr(found, "alpha_2", None) or getattr(found, "alpha_3", primary)) if found else primary


def language_name(code: str) -> str:
    """The English name of a language code ("ar" → Arabic, "fr-CM" → French (Cameroon)); other text as written."""
    if not code:
        return ""
    primary, _, rest = code.partition("-")
    names = {v: k.title() for k, v in ALIASES.items()}
    found = _record(primary)
    name = str(getattr(found, "name", "")) if found is not None else names.get(primary.casefold(), "")
    if not name:
        return code
    region = pycountry.countries.get(alpha_2=rest.upper()) if len(rest) == 2 else None
    return f"{name} ({getattr(region, 'common_name', None) or region.name})" if region is not None else name


def parse_spoken(text: str) -> list[Spoken]:
    """ "Arabic — Sudanese" and "Tigrinya", one a line (or separated by ";"), into codes and dialects."""
    spoken: list[Spoken] = []
    errors = []
    for line in re.split(r"[\n;]", text):
        line = " ".join(line.split())
        if not line:
            continue
        bracketed = _BRACKETS.match(line)
        if bracketed:
            language, dialect = bracketed["language"], bracketed["dialect"]
        else:
            parts = _DIALECT.split(line, maxsplit=1)
            language, dialect = parts[0], parts[1] if len(parts) > 1 else ""
        try:
            spoken.append({"language": language_code(language), "dialect": dialect.strip()})
        except forms.ValidationError as exc:
            errors.extend(exc.messages)
    if errors:
        raise forms.ValidationError(errors)
    return spoken


def format_spoken(spoken: list[Spoken]) -> str:
    """The lines `parse_spoken` reads, with names for codes: what the edit form shows."""
    return "\n".join(_one(s) for s in spoken)


def _one(spoken: Spoken) -> str:
    name = language_name(spoken["language"])
    return f"{name} — {spoken['dialect']}" if spoken.get("dialect") else name


def describe_spoken(spoken: list[Spoken]) -> str:
    """For lists: "Arabic — Sudanese; Tigrinya"."""
    return "; ".join(_one(s) for s in spoken)
