"""Questions for the client's next meeting, in plain language, drawn from the gap report.

Only gaps the client can help close become questions; work for the team (certificates, newer
country reports, an expert's update) stays in the report. A question asked for several gaps is
asked once, with every reason listed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from article3.cases.models import Case
from article3.claims.guide import guide
from article3.claims.selectors import ClaimsSnapshot
from article3.evidence.models import Document
from article3.findings import Finding

# Findings about an element whose first ref is the element code: ask the element's questions.
_ELEMENT_CODES = frozenset({
    "element_unsupported", "element_uncorroborated", "coi_generic_only", "acquiescence_unsupported",
    "custody_unsupported", "domestic_remedies_unexplained",
})
CORROBORATION = ("Is there anyone who saw this or knows about it, or any paper, message, photo or medical record "
                 "that shows it?")
HEALTH_TOPIC = "Your health"
DOCUMENTS_TOPIC = "Your documents"
DATES_TOPIC = "Dates and places"
_DOCUMENT_CODES = frozenset({"evidence_stale", "medical_findings_unlinked", "translation_missing"})


@dataclass
class Question:
    topic: str
    text: str
    reasons: list[str] = field(default_factory=list)  # finding codes
    refs: list[str] = field(default_factory=list)


class _Collector:
    def __init__(self) -> None:
        self.by_text: dict[tuple[str, str], Question] = {}

    def ask(self, topic: str, texts: Iterable[str], finding: Finding) -> None:
        for text in texts:
            question = self.by_text.setdefault((topic, text), Question(topic, text))
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
            texts = guide(element).questions
            if code == "element_uncorroborated":
                texts = (*texts, CORROBORATION)
            collector.ask(labels.get(element, element), texts, finding)
        elif code == "fact_unsupported" and finding.refs[0] in facts:
            fact = facts[finding.refs[0]]
            collector.ask("What you told us", [f"You told us: “{fact.text}”. {CORROBORATION}"], finding)
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
            "Are you still having health problems, pain or difficult feelings from what happened?",
            "Would you agree to see a doctor or counsellor again, so that we can send an up-to-date report?",
        ], finding)
    elif code == "medical_findings_unlinked":
        text = _medical_finding_text(document, finding)
        if text:
            collector.ask(HEALTH_TOPIC, [f"The doctor noted: “{text}”. What caused this, and when did it happen?"],
                          finding)
    elif code == "translation_missing":
        label = document.label if document is not None else finding.refs[0]
        collector.ask(DOCUMENTS_TOPIC, [f"What is the document “{label}”? Who gave it to "
                                        "you, and what does it say?"], finding)
    else:
        titles = [events[ref] for ref in finding.refs if ref in events]
        if titles and code.endswith("_conflict"):
            collector.ask(DATES_TOPIC, [f"We have different details about “{titles[0]}”. Can you tell us again when "
                                        "and where it happened, and how you remember it?"], finding)


def _medical_finding_text(document: Document | None, finding: Finding) -> str:
    if document is None or len(finding.refs) < 2 or "#finding-" not in finding.refs[1]:
        return ""
    number = int(finding.refs[1].rsplit("-", 1)[1])
    found = list(document.findings.all())
    return found[number - 1].finding if 0 < number <= len(found) else ""
