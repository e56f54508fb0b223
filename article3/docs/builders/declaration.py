"""The applicant's declaration, drafted from the chronology for the team to go through with them.

Numbered paragraphs in date order (undated events last), in the first person. Where an account
from the applicant's own declaration or interview recorded their words, those words are the
paragraph. A heading is set whenever the kind of what happened changes (harm, threats, seeking
protection at home, leaving), so the narrative stays in date order under readable headings.

The draft never picks a side and never puts words in the applicant's mouth:
- text from the record written in the third person ("The applicant was held...") is turned into
  the first person only where that is safe ("I was held..."); otherwise it is quoted in a
  drafting note for the team to put into the applicant's words;
- an event on which the sources conflict (the chronology's checks) is marked
  "[conflict: see chronology]" and told without the disputed date or place, and without
  adopting any one source's words;
- the fear section is drafted from the feared agents and the facts on personal risk, not from
  the lawyer's risk-profile notes.
"""

from __future__ import annotations

import re
from typing import Any

from article3.cases.models import Case, FearedAgent
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
from article3.words import Words, gettext_noop

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
# Active verbs a title may start with when the applicant did something ("Left through Nigeria").
ACTIVE = frozenset("""
left fled escaped went moved hid travelled traveled returned joined attended received reported complained saw
lived worked arrived crossed spoke took got wrote applied sought paid entered stayed ran refused
""".split())  # noqa: SIM905 (a word list reads better as text)
CONFLICT = "[conflict: see chronology]"
_THE_APPLICANT = re.compile(r"\bthe applicant(['’]s)?\b", re.IGNORECASE)
_PRONOUN = re.compile(r"\b(he|she|him|his|her|hers|himself|herself)\b", re.IGNORECASE)
# After the applicant as subject: the verb as "I" says it, where the third person form is known.
_AS_I = {"is": "am", "has": "have", "does": "do", "was": "was", "had": "had", "did": "did"}
_MODALS = frozenset(["can", "could", "will", "would", "may", "might", "must", "should", "shall"])
_PAST = frozenset("""
grew went left fled saw told took came got knew heard gave made ran hid spoke wrote became began kept felt lost
met paid said sent spent stood thought understood
""".split())  # noqa: SIM905 (a word list reads better as text)


def first_person(text: str) -> str:
    """"the applicant" as object or possessive -> "me", "my" (the applicant as subject: `in_first_person`)."""
    return _THE_APPLICANT.sub(lambda m: "my" if m.group(1) else "me", text)


def _as_i(verb: str) -> str | None:
    """The verb after "I" for a verb said of the applicant in the third person; None if unsure."""
    word = verb.casefold()
    if word in _AS_I:
        return _AS_I[word]
    if word in _MODALS or word in _PAST or (word.endswith("ed") and len(word) > 3):
        return word
    return None


def in_first_person(text: str, names: tuple[str, ...] = ()) -> str | None:
    """Text from the record in the first person, or None where that cannot be done safely.

    "The applicant was held" -> "I was held"; "Police ask where the applicant is" -> "... where I am";
    "gendarmes beat the applicant" -> "gendarmes beat me". A pronoun (he, she, his, her...) or the
    applicant's name could mean anyone, and a present-tense verb would need rewording: None."""
    if _PRONOUN.search(text) or any(name and re.search(rf"\b{re.escape(name)}\b", text) for name in names):
        return None
    out: list[str] = []
    position = 0
    for match in re.finditer(r"\bthe applicant\b(?!['’]s)(\s+(\w+))?", text, re.IGNORECASE):
        verb = match.group(2)
        out.append(text[position:match.start()])
        if verb is not None and verb.casefold() not in RELATIVES and (said := _as_i(verb)) is not None:
            out.append(f"I {said}")
        elif verb is not None and (verb.endswith("s") and verb.casefold() not in ("as",)):
            return None  # "the applicant fears...": a present tense to reword by hand
        else:
            out.append("me" + (match.group(1) or ""))
        position = match.end()
    out.append(text[position:])
    return first_person("".join(out))


def third_person_note(text: str) -> Rich:
    return note(f"From the case record, in the third person: “{text.strip()}” Put this in the applicant's own "
                "words with them")


def applicant_names(case: Case) -> tuple[str, ...]:
    """The applicant's names as the record may use them in the third person: full names and the first name."""
    applicant = case.applicant
    full = [name for name in (applicant.name, *(applicant.other_names or [])) if name]
    first = [name.split()[0] for name in full if len(name.split()[0]) > 2]
    return tuple(dict.fromkeys([*full, *first]))


def record_text(text: str, names: tuple[str, ...]) -> Rich:
    """A sentence of the record for the declaration: in the first person, or quoted in a note."""
    said = in_first_person(text.strip(), names)
    if said is None:
        return third_person_note(text)
    said = said[:1].upper() + said[1:]
    return plain(said if said.endswith((".", "!", "?", "”", '"')) else f"{said}.")


def _lower_first(text: str) -> str:
    """"Arrested..." -> "arrested..."; an acronym stays ("UN report"), "A militia" -> "a militia"."""
    first = text.split(" ", 1)[0]
    acronym = len(first) > 1 and first == first.upper()
    return text if acronym else text[:1].lower() + text[1:]


def clause(title: str, *, concerns_applicant: bool, names: tuple[str, ...] = ()) -> str | None:
    """'Arrested at a checkpoint' -> 'I was arrested at a checkpoint'; 'Left through Nigeria' -> 'I left...';
    'Gendarmes beat the applicant' -> 'gendarmes beat me'. None for a title that cannot be put in the
    first person safely (third person, or words that do not say what happened to the applicant)."""
    converted = in_first_person(title.strip().rstrip("."), names)
    if converted is None:
        return None
    text = converted
    words = text.split()
    if not words:
        return ""
    first = words[0].casefold()
    if first in RELATIVES:
        rest = words[1:]
        was = ["was"] if rest and rest[0].casefold() in PASSIVE else []
        return " ".join(["my", first, *was, *rest])
    if not concerns_applicant or first == "i" or re.search(r"\b(me|my)\b", text, re.IGNORECASE):
        return _lower_first(text) if first != "i" else text
    if first in PASSIVE:
        return f"I was {_lower_first(text)}"
    if first in ACTIVE or (first.endswith("ed") and len(first) > 3):
        return f"I {_lower_first(text)}"
    return None


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


def event_paragraph(event: Event, *, names: tuple[str, ...] = (), conflict: bool = False) -> Rich:
    """The event in the applicant's words, or drafted from its title; marked where the sources conflict."""
    body = clause(event.title, concerns_applicant=event.concerns_applicant, names=names)
    if conflict:  # neither the date, the place nor any one source's words: the team settles it first
        told = _sentence("", "", body) if body else ""
        if told:
            return Rich(((CONFLICT + " ", True), (told, False)))
        return Rich(((CONFLICT + " ", True), *third_person_note(event.title).parts))
    words = own_words(event)
    if words:
        return plain(words)
    if body is None:
        lead = ", ".join(p for p in (when(event.date), f"in {event.place}" if event.place else "") if p)
        opening: tuple[tuple[str, bool], ...] = ((f"{lead}: ", False),) if lead else ()
        return Rich((*opening, *third_person_note(event.title).parts))
    return plain(_sentence(event.date, event.place, body))


def remedy_paragraph(remedy: DomesticRemedy, names: tuple[str, ...] = ()) -> Rich:
    body = f"I went to the {remedy.get_body_display().lower()}"
    notes: list[str] = []
    description = in_first_person(remedy.description.rstrip("."), names) if remedy.description else ""
    if description:
        body += f": {_lower_first(description)}"
    elif description is None:
        notes.append(remedy.description)
    text = _sentence(remedy.date, "", body)
    text += f" {OUTCOME.get(remedy.outcome, '')}"
    consequence = in_first_person(remedy.consequence.rstrip("."), names) if remedy.consequence else ""
    if consequence:
        text += f" What followed: {_lower_first(consequence)}."
    elif consequence is None:
        notes.append(remedy.consequence)
    parts: tuple[tuple[str, bool], ...] = ((text.strip(), False),)
    for quoted in notes:
        parts += ((" ", False), *third_person_note(quoted).parts)
    return Rich(parts)


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
        paras.append(n.para(record_text(applicant.background, applicant_names(case))))
    return paras


def conflicted_events(case: Case) -> set[str]:
    """Keys of events on which the chronology's checks find sources in conflict, not explained away."""
    from article3.chronology.selectors import chronology_findings
    from article3.findings import finding_id

    answered = set(case.conflict_notes.values_list("conflict_id", flat=True))
    return {f.refs[0] for f in chronology_findings(case)
            if f.code.endswith("_conflict") and f.refs and finding_id(f) not in answered}


def _narrative(case: Case, n: Numbering, events: list[Event], remedies: list[DomesticRemedy]) -> list[dict[str, Any]]:
    items: list[tuple[Any, int, int, Event | DomesticRemedy]] = [
        (sort_key(e.date or next((a.date for a in e.accounts.all() if a.date), "")), 0, e.pk, e) for e in events]
    items += [(sort_key(r.date), 1, r.pk, r) for r in remedies]
    sections: list[dict[str, Any]] = []
    country = country_name(case.country_of_return)
    names, conflicted = applicant_names(case), conflicted_events(case)
    for _, _, _, item in sorted(items, key=lambda i: (i[0], i[1], i[2])):
        section = "remedies" if isinstance(item, DomesticRemedy) else SECTION_OF.get(item.kind, "other")
        if not sections or sections[-1]["code"] != section:
            sections.append({"code": section, "heading": HEADINGS[section].format(country=country), "paragraphs": []})
        if isinstance(item, DomesticRemedy):
            sections[-1]["paragraphs"].append(n.para(remedy_paragraph(item, names), remedy=item.pk))
        else:
            paragraph = event_paragraph(item, names=names, conflict=item.key in conflicted)
            sections[-1]["paragraphs"].append(n.para(paragraph, event=item.pk))
    return sections


def _fact_paragraphs(case: Case, n: Numbering, element: str, prompt: str) -> list[dict[str, Any]]:
    facts = [f for f in Fact.objects.filter(case=case).order_by("pk") if element in (f.elements or [])]
    names = applicant_names(case)
    paras = [n.para(record_text(f.text, names)) for f in facts if f.text.strip()]
    return paras or [n.para(note(prompt))]


def agent_paragraph(agent: FearedAgent, names: tuple[str, ...]) -> Rich:
    """"I fear the gendarmerie." with, when the record says so, how they are tied to the state."""
    described = in_first_person(agent.description.strip().rstrip("."), names)
    if described is None:
        return third_person_note(agent.description)
    parts: tuple[tuple[str, bool], ...] = ((f"I fear {_lower_first(described)}.", False),)
    if agent.link_to_officials.strip():
        linked = record_text(agent.link_to_officials, names)
        parts += ((" ", False), *linked.parts)
    elif agent.official:
        parts += ((" They act for the state.", False),)
    return Rich(parts)


def _fear(case: Case, n: Numbering) -> list[dict[str, Any]]:
    """Who the applicant fears, then the facts on personal risk; the risk-profile notes are the lawyer's."""
    names = applicant_names(case)
    paras = [n.para(agent_paragraph(agent, names)) for agent in case.feared_agents.order_by("pk")]
    paras += _fact_paragraphs(case, n, "personal_risk", "") if _risk_facts(case) else []
    if not paras:
        paras = [n.para(note("In the applicant's words: who they fear on return, what those people would do to "
                             "them, and why. Record the feared agents and link the facts to 'personal risk'."))]
    return paras


def _discrepancies(case: Case, n: Numbering) -> list[dict[str, Any]]:
    """The client's answers on conflicts between the sources, as the attorney approved them at hearing
    preparation: the discrepancies explained in the applicant's own words."""
    from article3.hearing.selectors import approved_conflict_answers

    names = applicant_names(case)
    return [n.para(record_text(answer.answer, names)) for answer in approved_conflict_answers(case=case)]


def _risk_facts(case: Case) -> bool:
    return any("personal_risk" in (f.elements or []) for f in Fact.objects.filter(case=case))


def build(case: Case, options: dict[str, Any]) -> Built:
    applicant = case.applicant
    events = list(case.events.prefetch_related("accounts__document").order_by("pk"))
    remedies = list(case.domestic_remedies.order_by("pk"))
    n = Numbering()
    country = country_name(case.country_of_return)
    sections = [{"code": "background", "heading": "About me", "paragraphs": _background(case, n)}]
    sections += _narrative(case, n, events, remedies)
    explained = _discrepancies(case, n)
    if explained:
        sections.append({"code": "discrepancies", "heading": "Why some details differ", "paragraphs": explained})
    sections.append({"code": "relocation", "heading": f"Why I cannot live safely elsewhere in {country}",
                     "paragraphs": _fact_paragraphs(case, n, "internal_relocation",
                                                    "Ask the applicant why moving elsewhere in the country would not "
                                                    "keep them safe, and link the answer to 'internal relocation'.")})
    fear = _fear(case, n)
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
    warnings = [] if applicant.reads_english or applicant.interpreter_language else [Words(gettext_noop(
        "The applicant does not read English and no interpreter language is recorded: fill in the language on "
        "the certificate of interpretation."))]
    return Built(context=context, sources=sources(case, options), warnings=warnings, paragraphs=n.map)


def sources(case: Case, options: dict[str, Any]) -> dict[str, Any]:
    from article3.hearing.selectors import approved_conflict_answers

    return {**case_sources(case),
            "events": {e.key: event_version(e) for e in case.events.prefetch_related("accounts")},
            "remedies": {r.key: r.version for r in case.domestic_remedies.all()},
            "explanations": {a.question_id: a.version for a in approved_conflict_answers(case=case)},
            "facts": {f.key: f.version for f in Fact.objects.filter(case=case)
                      if {"internal_relocation", "personal_risk"} & set(f.elements or [])}}


def _language(case: Case) -> str:
    applicant = case.applicant
    code = applicant.interpreter_language or next(iter(applicant.languages or []), "")
    return language_name(code) if code else BLANK


def event_version(event: Event) -> str:
    accounts = ",".join(f"{a.pk}:{a.version}" for a in event.accounts.all())
    return f"{event.version}|{accounts}"
