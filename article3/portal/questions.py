"""Questions for the client, in plain language, drawn from the gap report: asked at the next meeting
and shown in the client's portal, in the client's language.

Only gaps the client can help close become questions; work for the team (certificates, newer
country reports, an expert's update) stays in the report. A question asked for several gaps is
asked once, with every reason listed. The questions are written to be read aloud, through an
interpreter, to someone who may be traumatised: short, concrete, one thing at a time.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils.functional import Promise
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy

from article3.cases.models import Case
from article3.claims.selectors import ClaimsSnapshot
from article3.evidence.models import Document
from article3.findings import Finding

# What to ask about each element of the claim (the rule pack's codes).
ELEMENT_QUESTIONS = {
    "severe_pain_or_suffering": (
        gettext_lazy("What did they do to you? Please tell us step by step."),
        gettext_lazy("How did it affect your body and your mind, then and now?"),
        gettext_lazy("Did you see a doctor, nurse, healer or counsellor afterwards, there or here?"),
    ),
    "intentional_infliction": (
        gettext_lazy("Did they hurt you on purpose? What did they say or do that shows this?"),
    ),
    "prohibited_purpose": (
        gettext_lazy("Why do you think they did this to you?"),
        gettext_lazy("What did they ask you, or want from you, while they held or hurt you?"),
    ),
    "official_involvement": (
        gettext_lazy("Who did this to you? Were they police, soldiers, officials, or people working with them?"),
        gettext_lazy("How do you know? What were they wearing, where did they take you, what did they say?"),
        gettext_lazy("Did any official know what was happening and do nothing?"),
    ),
    "custody_or_control": (
        gettext_lazy("Were you held somewhere you could not leave, such as a cell, a camp or a vehicle? Where, "
                     "and for how long?"),
    ),
    "not_lawful_sanction": (
        gettext_lazy("Were you ever charged, put on trial or sentenced by a court? Did you receive any papers?"),
    ),
    "personal_risk": (
        gettext_lazy("Why would they look for you, personally, if you went back?"),
        gettext_lazy("Has anyone asked about you, come looking for you or threatened your family since you left?"),
        gettext_lazy("Do you have any messages, summonses or papers about this?"),
    ),
    "past_torture": (
        gettext_lazy("Has anyone hurt you badly in the past? When and where did it happen?"),
    ),
    "internal_relocation": (
        gettext_lazy("Could you live safely in another part of your country? Why not?"),
        gettext_lazy("Did you try to live somewhere else in your country? What happened?"),
    ),
    "state_protection_unavailable": (
        gettext_lazy("Did you or your family ask the police, a court or anyone else in authority for help? "
                     "What happened?"),
        gettext_lazy("If you did not ask for help, why not? What did you think would happen?"),
    ),
    "country_conditions": (
        gettext_lazy("Do you know of other people like you who were arrested or hurt? What happened to them?"),
    ),
    "exhaustion_of_domestic_remedies": (
        gettext_lazy("Have you received any decisions on your protection claim in this country? Please bring "
                     "every letter and decision you received."),
    ),
    "credibility": (
        gettext_lazy("Is there anything in your earlier statements or interviews that you want to correct or "
                     "explain?"),
    ),
}
OTHER_QUESTIONS = (gettext_lazy("Can you tell us more about this part of your story?"),)

# Findings about an element whose first ref is the element code: ask the element's questions.
_ELEMENT_CODES = frozenset({
    "element_unsupported", "element_uncorroborated", "coi_generic_only", "acquiescence_unsupported",
    "custody_unsupported", "domestic_remedies_unexplained",
})
CORROBORATION = gettext_lazy("Is there anyone who saw this or knows about it, or any paper, message, photo or "
                             "medical record that shows it?")
HEALTH_TOPIC = gettext_lazy("Your health")
DOCUMENTS_TOPIC = gettext_lazy("Your documents")
DATES_TOPIC = gettext_lazy("Dates and places")
TOLD_TOPIC = gettext_lazy("What you told us")
_DOCUMENT_CODES = frozenset({"evidence_stale", "medical_findings_unlinked", "translation_missing"})

Text = str | Promise  # a text to read in the language active where it is shown


@dataclass
class Question:
    topic: str
    text: Text  # read in the language active where it is shown: str(question.text)
    reasons: list[str] = field(default_factory=list)  # finding codes
    refs: list[str] = field(default_factory=list)


class _Collector:
    def __init__(self) -> None:
        self.by_text: dict[tuple[str, str], Question] = {}

    def ask(self, topic: Text, texts: Iterable[Text], finding: Finding) -> None:
        for text in texts:
            question = self.by_text.setdefault((str(topic), str(text)), Question(str(topic), text))
            if finding.code not in question.reasons:
                question.reasons.append(finding.code)
            question.refs.extend(ref for ref in finding.refs if ref not in question.refs)


def client_questions(*, case: Case, snapshot: ClaimsSnapshot, findings: list[Finding]) -> list[Question]:
    labels = {element.code: element.label for element in snapshot.pack.elements}
    facts = {fact.key: fact for fact in snapshot.facts}
    events = dict(case.events.values_list("key", "title"))
    documents = _documents_named(case, findings)
    collector = _Collector()
    for finding in findings:
        code = finding.code
        if code in _ELEMENT_CODES and finding.refs:
            element = finding.refs[0]
            texts = ELEMENT_QUESTIONS.get(element, OTHER_QUESTIONS)
            if code == "element_uncorroborated":
                texts = (*texts, CORROBORATION)
            collector.ask(labels.get(element, element), texts, finding)
        elif code == "fact_unsupported" and finding.refs[0] in facts:
            fact = facts[finding.refs[0]]
            collector.ask(TOLD_TOPIC, [format_lazy(gettext_lazy("You told us: “{fact}”. {corroboration}"),
                                                   fact=fact.text, corroboration=CORROBORATION)], finding)
        else:
            _other(collector, finding, events, documents)
    order = {topic: n for n, topic in enumerate(labels.values())}
    return sorted(collector.by_text.values(), key=lambda q: order.get(q.topic, len(order)))


def _documents_named(case: Case, findings: list[Finding]) -> dict[str, Document]:
    """The documents the findings about documents name first, with their medical findings, in two queries."""
    keys = {f.refs[0] for f in findings if f.refs and f.code in _DOCUMENT_CODES}
    return {d.key: d for d in case.documents.filter(key__in=keys).prefetch_related("findings")} if keys else {}


def _other(collector: _Collector, finding: Finding, events: dict[str, str], documents: dict[str, Document]) -> None:
    code = finding.code
    document = documents.get(finding.refs[0]) if finding.refs else None
    if code == "evidence_stale" and document is not None and document.kind in ("medical", "psychological"):
        collector.ask(HEALTH_TOPIC, [
            gettext_lazy("Are you still having health problems, pain or difficult feelings from what happened?"),
            gettext_lazy("Would you agree to see a doctor or counsellor again, so that we can send an up-to-date "
                         "report?"),
        ], finding)
    elif code == "medical_findings_unlinked":
        text = _medical_finding_text(document, finding)
        if text:
            collector.ask(HEALTH_TOPIC, [format_lazy(gettext_lazy(
                "The doctor noted: “{note}”. What caused this, and when did it happen?"), note=text)], finding)
    elif code == "translation_missing":
        label = document.label if document is not None else finding.refs[0]
        collector.ask(DOCUMENTS_TOPIC, [format_lazy(gettext_lazy(
            "What is the document “{name}”? Who gave it to you, and what does it say?"), name=label)], finding)
    else:
        titles = [events[ref] for ref in finding.refs if ref in events]
        if titles and code.endswith("_conflict"):
            collector.ask(DATES_TOPIC, [format_lazy(gettext_lazy(
                "We have different details about “{event}”. Can you tell us again when and where it happened, and "
                "how you remember it?"), event=titles[0])], finding)


def _medical_finding_text(document: Document | None, finding: Finding) -> str:
    if document is None or len(finding.refs) < 2 or "#finding-" not in finding.refs[1]:
        return ""
    number = int(finding.refs[1].rsplit("-", 1)[1])
    found = list(document.findings.all())
    return found[number - 1].finding if 0 < number <= len(found) else ""
