"""Who an international request may be brought against: a UN CAT communication only against a State
that made the Article 22 declaration, a Rule 39 request only against a Party to the European
Convention. The lists, with the date they were last checked, live in the rule packs (un-cat, echr);
the State is always chosen explicitly, never filled in from the forum of the case."""

from __future__ import annotations

import pycountry

from article3.docs.builders.common import country_name
from article3.errors import DomainError
from article3.rulepacks import Respondents, load_pack

# Document kind -> the pack whose `respondents` list says who it may name.
RESPONDENT_PACKS = {"un_cat_communication": "un-cat", "rule39_request": "echr"}
WHY = {
    "un_cat_communication": "has not declared under Article 22 of the Convention against Torture that the Committee "
                            "may receive communications from individuals",
    "rule39_request": "is not a Party to the European Convention on Human Rights",
}


def respondents_for(kind: str) -> Respondents | None:
    """The States a document of `kind` may be brought against; None for kinds that name no State."""
    forum = RESPONDENT_PACKS.get(kind)
    return None if forum is None else load_pack(forum).respondents


def respondent_choices(kind: str) -> list[tuple[str, str]]:
    """(code, name) for each State a document of `kind` may name, by name."""
    found = respondents_for(kind)
    states = found.states if found else ()
    return sorted(((code, country_name(code)) for code in states), key=lambda choice: choice[1])


def respondent_check(*, kind: str, state: str) -> str:
    """The ISO code of `state` if a document of `kind` may be brought against it; else a DomainError that says why."""
    found = respondents_for(kind)
    if found is None:
        return state
    code = _code(state)
    if not code:
        raise DomainError("Choose the State the request is brought against: it is never filled in from the forum.")
    if not found.allows(code):
        status = "" if found.source.verified else ", not yet confirmed against its source"
        name = country_name(code) if len(code) == 2 else state.strip()
        raise DomainError(f"{name} {WHY[kind]}, according to the list of "
                          f"{found.as_of:%-d %B %Y}{status} ({found.source.citation}).")
    return code


def _code(state: str) -> str:
    """The ISO alpha-2 code of a State given by code or by name ("gb", "United Kingdom"); else the text."""
    text = state.strip()
    if not text:
        return ""
    try:
        return str(pycountry.countries.lookup(text).alpha_2)
    except LookupError:
        return text.upper()
