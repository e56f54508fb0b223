"""The applicant's declaration, drafted from the chronology for the team to go through with them.

Numbered paragraphs in date order (undated events last), in the first person. Where an account
from the applicant's own declaration or interview recorded their words, those words are the
paragraph. A heading is set whenever the kind of what happened changes (harm, threats, seeking
protection at home, leaving), so the narrative stays in date order under readable headings.
"""

from __future__ import annotations

import re
from typing import Any

from article3.cases.models import Case
from article3.chronology.models import Account, DomesticRemedy, Event
from article3.claims.models import Fact
from article3.docs.builders.common import (
    BLANK,
    Built,
    Rich,
    and_list,
    case_context,
    case_sources,
    country_name,
    date_words,
    language_name,
    note,
    plain,
    sort_key,
)
from article3.evidence.models import DocumentKind

SECTION_OF = {
    "harm": "harm", "detention": "harm", "release": "harm", "medical": "harm",
    "threat": "threats", "domestic_remedy": "remedies", "departure": "leaving", "arrival": "leaving",
}
HEADINGS = {
    "harm": "What was done to me", "threats": "Threats against me and my family",
    "remedies": "Seeking protection at home, and what followed", "leaving": "Leaving {country}",
    "other": "Other events",
}
# Verbs an event title usually starts with when something was done to the applicant ("Arrested at...").
PASSIVE = frozenset("""
abducted accused arrested assaulted attacked banned beaten burned called charged convicted detained dismissed
expelled fined followed forced harassed held hit hurt imprisoned injured interrogated kicked kidnapped
mistreated ordered photographed punished questioned raped released robbed searched sentenced shot stabbed
stopped summoned taken threatened tortured told tracked visited warned whipped wounded
""".split())  # noqa: SIM905 (a word list reads better as text)
RELATIVES = frozenset("""
brother sister mother father son daughter wife husband cousin uncle aunt nephew niece family parents partner
grandmother grandfather fiancé fiancée child children neighbour neighbor friend
""".split())  # noqa: SIM905 (a word list reads better as text)
OUTCOME = {
    "no_response": "I received no response.",
    "refused": "They refused to help me.",
    "delayed": "Nothing was done for a long time.",
    "dismissed": "My complaint was dismissed.",
    "retaliation": "Instead of protecting me, they turned against me.",
    "effective": "This gave me some protection.",
    "pending": "I have not heard the outcome.",
}
_THE_APPLICANT = re.compile(r"\bthe applicant(['’]s)?\b", re.IGNORECASE)


def first_person(text: str) -> str:
    return _THE_APPLICANT.sub(lambda m: "my" if m.group(1) else "me", text)


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text[:2] != text[:2].upper() else text


def clause(title: str, *, concerns_applicant: bool) -> str:
    """'Arrested at a checkpoint' -> 'I was arrested at a checkpoint'; 'Left through Nigeria' -> 'I left...'."""
    text = first_person(title.strip().rstrip("."))
    words = text.split()
    if not words:
        return ""
    first = words[0].casefold()
    if first in RELATIVES:
        rest = words[1:]
        was = ["was"] if rest and rest[0].casefold() in PASSIVE else []
        return " ".join(["my", first, *was, *rest])
    if not concerns_applicant:
        return _lower_first(text)
    return f"I {'was ' if first in PASSIVE else ''}{_lower_first(text)}"


def when(date_text: str) -> str:
    words = date_words(date_text)
    if not words:
        return ""
    if "/" in date_text:
        return f"Between {words.replace(chr(0x2013), ' and ', 1).replace('  ', ' ')}"
    return f"On {words}" if re.match(r"~?\d{4}-\d{2}-\d{2}$", date_text) else f"In {words}"


def _sentence(date_text: str, place: str, body: str) -> str:
    lead = ", ".join(p for p in (when(date_text), f"in {place}" if place else "") if p)
    text = f"{lead}, {body}" if lead else body
    text = text[:1].upper() + text[1:]
    return text if text.endswith((".", "!", "?", "”", '"')) else f"{text}."


def own_words(event: Event) -> str:
    """The applicant's recorded words for the event: from their declaration first, then an interview."""
    def rank(account: Account) -> int:
        if account.document is not None and account.document.kind == DocumentKind.DECLARATION:
            return 0
        return 1 if account.document is None and account.interview else 2

    quoted = sorted((a for a in event.accounts.all() if a.quote.strip() and rank(a) < 2), key=rank)
    return quoted[0].quote.strip().strip("“”\"") if quoted else ""


def event_paragraph(event: Event) -> str:
    words = own_words(event)
    if words:
        return words
    body = clause(event.title, concerns_applicant=event.concerns_applicant)
    return _sentence(event.date, event.place, body)


def remedy_paragraph(remedy: DomesticRemedy) -> str:
    body = f"I went to the {remedy.get_body_display().lower()}"
    if remedy.description:
        body += f": {_lower_first(first_person(remedy.description.rstrip('.')))}"
    text = _sentence(remedy.date, "", body)
    text += f" {OUTCOME.get(remedy.outcome, '')}"
    if remedy.consequence:
        text += f" What followed: {_lower_first(first_person(remedy.consequence.rstrip('.')))}."
    return text.strip()


class Numbering:
    def __init__(self) -> None:
        self.count = 0
        self.map: list[tuple[int, int | None, int | None]] = []

    def para(self, text: str | Rich, *, event: int | None = None, remedy: int | None = None) -> dict[str, Any]:
        self.count += 1
        self.map.append((self.count, event, remedy))
        body = text if isinstance(text, Rich) else plain(text)
        return {"number": self.count, "text": body.text, "body": body}


def _background(case: Case, n: Numbering) -> list[dict[str, Any]]:
    applicant = case.applicant
    paras = [n.para(f"My name is {applicant.name}.")]
    if applicant.other_names:
        paras.append(n.para(f"I have also been known as {and_list(list(applicant.other_names))}."))
    if applicant.birth_date:
        born = date_words(applicant.birth_date)
        paras.append(n.para(f"I was born on {born}." if len(applicant.birth_date) == 10 else f"I was born in {born}."))
    if applicant.nationality:
        paras.append(n.para(f"I am a national of {country_name(applicant.nationality)}."))
    if applicant.languages:
        paras.append(n.para(f"I speak {and_list([language_name(c) for c in applicant.languages])}."))
    if applicant.background.strip():
        paras.append(n.para(first_person(applicant.background.strip())))
    return paras


def _narrative(case: Case, n: Numbering, events: list[Event], remedies: list[DomesticRemedy]) -> list[dict[str, Any]]:
    items: list[tuple[Any, int, int, Event | DomesticRemedy]] = [
        (sort_key(e.date or next((a.date for a in e.accounts.all() if a.date), "")), 0, e.pk, e) for e in events]
    items += [(sort_key(r.date), 1, r.pk, r) for r in remedies]
    sections: list[dict[str, Any]] = []
    country = country_name(case.country_of_return)
    for _, _, _, item in sorted(items, key=lambda i: (i[0], i[1], i[2])):
        section = "remedies" if isinstance(item, DomesticRemedy) else SECTION_OF.get(item.kind, "other")
        if not sections or sections[-1]["code"] != section:
            sections.append({"code": section, "heading": HEADINGS[section].format(country=country), "paragraphs": []})
        if isinstance(item, DomesticRemedy):
            sections[-1]["paragraphs"].append(n.para(remedy_paragraph(item), remedy=item.pk))
        else:
            sections[-1]["paragraphs"].append(n.para(event_paragraph(item), event=item.pk))
    return sections


def _fact_paragraphs(case: Case, n: Numbering, element: str, prompt: str, lead: str = "") -> list[dict[str, Any]]:
    facts = [f for f in Fact.objects.filter(case=case).order_by("pk") if element in (f.elements or [])]
    paras = [n.para(first_person(text)) for text in [lead.strip(), *(f.text for f in facts)] if text]
    return paras or [n.para(note(prompt))]


def build(case: Case, options: dict[str, Any]) -> Built:
    applicant = case.applicant
    events = list(case.events.prefetch_related("accounts__document").order_by("pk"))
    remedies = list(case.domestic_remedies.order_by("pk"))
    n = Numbering()
    country = country_name(case.country_of_return)
    sections = [{"code": "background", "heading": "About me", "paragraphs": _background(case, n)}]
    sections += _narrative(case, n, events, remedies)
    sections.append({"code": "relocation", "heading": f"Why I cannot live safely elsewhere in {country}",
                     "paragraphs": _fact_paragraphs(case, n, "internal_relocation",
                                                    "Ask the applicant why moving elsewhere in the country would not "
                                                    "keep them safe, and link the answer to 'internal relocation'.")})
    fear = _fact_paragraphs(case, n, "personal_risk", "In the applicant's words: what they fear on return, and why.",
                            lead=case.risk_profile)
    sections.append({"code": "fear", "heading": f"What I fear if I am returned to {country}", "paragraphs": fear})
    context = case_context(case, f"Declaration of {applicant.name}")
    context["sections"] = sections
    context["notes"] = [note("Draft made from the case record. Go through every paragraph with the applicant, in "
                             "their language, and put it in their own words before they sign."),
                        note("Check the form of words this forum requires for a signed or sworn declaration.")]
    context["verification"] = (f"I, {applicant.name}, declare that this declaration has been read to me"
                               f"{' in ' + _language(case) if not applicant.reads_english else ''}, that I understand"
                               " it, and that it is true and complete to the best of my knowledge.")
    context["interpretation"] = None if applicant.reads_english else {
        "language": _language(case),
        "text": (f"I certify that I am competent to interpret between English and {_language(case)}, and that I "
                 f"read this declaration to {applicant.name} in {_language(case)} before it was signed. "
                 f"{applicant.name} told me that they understood it."),
    }
    warnings = [] if applicant.reads_english or applicant.interpreter_language else [
        "The applicant does not read English and no interpreter language is recorded: fill in the language on "
        "the certificate of interpretation."]
    return Built(context=context, sources=sources(case, options), warnings=warnings, paragraphs=n.map)


def sources(case: Case, options: dict[str, Any]) -> dict[str, Any]:
    return {**case_sources(case),
            "events": {e.key: event_version(e) for e in case.events.prefetch_related("accounts")},
            "remedies": {r.key: r.version for r in case.domestic_remedies.all()},
            "facts": {f.key: f.version for f in Fact.objects.filter(case=case)
                      if {"internal_relocation", "personal_risk"} & set(f.elements or [])}}


def _language(case: Case) -> str:
    applicant = case.applicant
    code = applicant.interpreter_language or next(iter(applicant.languages or []), "")
    return language_name(code) if code else BLANK


def event_version(event: Event) -> str:
    accounts = ",".join(f"{a.pk}:{a.version}" for a in event.accounts.all())
    return f"{event.version}|{accounts}"
