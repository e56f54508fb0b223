"""What kind of source each piece of support is: the columns of the element matrix.

A declaration or oral testimony is the applicant's own word. An event in the chronology is the
applicant's word too, unless a document reports it (an account citing the document, or a
medical finding linked to the event): then it counts as that document's kind of source.
A translation counts as the kind of the document it translates.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from article3.chronology.models import Event
from article3.claims.models import Support
from article3.coi.models import CoiCitation
from article3.evidence.models import Document, DocumentKind

SourceClass = Literal["applicant", "witness", "documents", "medical", "expert", "country"]

# The matrix columns, in order, with their headings and a word on what falls in each.
SOURCE_CLASSES: tuple[tuple[SourceClass, str, str], ...] = (
    ("applicant", "Applicant's testimony", "declarations, interviews, events no document reports"),
    ("witness", "Other witnesses", "witness statements"),
    ("documents", "Documents", "identity papers, records of abuse, threats, complaints, other"),
    ("medical", "Medical and psychological", "medical and psychological reports"),
    ("expert", "Expert", "expert opinions"),
    ("country", "Country information", "country reports and cited passages"),
)
CLASS_LABELS: dict[str, str] = {code: label for code, label, _ in SOURCE_CLASSES}

_BY_KIND: dict[str, SourceClass] = {
    DocumentKind.DECLARATION: "applicant",
    DocumentKind.WITNESS_STATEMENT: "witness",
    DocumentKind.MEDICAL: "medical",
    DocumentKind.PSYCHOLOGICAL: "medical",
    DocumentKind.EXPERT_OPINION: "expert",
    DocumentKind.COUNTRY_INFORMATION: "country",
}


@dataclass(frozen=True)
class SourceItem:
    """One source behind an element: a document, an event told only by the applicant, a cited passage."""

    source_class: SourceClass
    key: str  # package key: d-medical, e-arrest-2019, coi-1; testimony:<id> for oral testimony
    label: str
    generic: bool = False  # general country information, or an expert opinion not about this person
    target: str = "document"  # what the key names: document, event, coi_citation or testimony

    @property
    def class_label(self) -> str:
        return CLASS_LABELS[self.source_class]


def effective_kind(document: Document) -> str:
    """The kind that decides the source class: a translation stands for its original."""
    if document.kind == DocumentKind.TRANSLATION and document.translates is not None:
        return document.translates.kind
    return document.kind


def document_class(document: Document) -> SourceClass:
    return _BY_KIND.get(effective_kind(document), "documents")


def document_item(document: Document) -> SourceItem:
    kind = effective_kind(document)
    generic = kind == DocumentKind.COUNTRY_INFORMATION or (
        kind == DocumentKind.EXPERT_OPINION and document.addresses_individual_circumstances is False
    )
    return SourceItem(document_class(document), document.key, document.label, generic=generic)


def has_official_actor(event: Event) -> bool:
    return any(isinstance(actor, dict) and actor.get("official") for actor in event.actors or [])


def event_reporters(event: Event) -> list[Document]:
    """The documents that report the event (accounts and linked medical findings); prefetched."""
    found: dict[int, Document] = {}
    for account in event.accounts.all():
        if account.document is not None:
            found.setdefault(account.document.pk, account.document)
    for finding in event.findings.all():
        found.setdefault(finding.document.pk, finding.document)
    return list(found.values())


def event_items(event: Event) -> list[SourceItem]:
    """An event counts as each document that reports it, or as the applicant's word if none does."""
    reporters = event_reporters(event)
    if not reporters:
        return [SourceItem("applicant", event.key, event.title, target="event")]
    return [document_item(document) for document in reporters]


def citation_item(citation: CoiCitation) -> SourceItem:
    report = citation.report
    where = f"p. {citation.page}, ¶ {citation.paragraph}" if citation.page else f"¶ {citation.paragraph}"
    return SourceItem("country", citation.key, f"{report.title}, {where}", generic=True, target="coi_citation")


def support_items(support: Support) -> list[SourceItem]:
    """The sources one piece of support stands for (an event may stand for several documents)."""
    if support.event is not None:
        return event_items(support.event)
    if support.document is not None:
        return [document_item(support.document)]
    if support.coi_citation is not None:
        return [citation_item(support.coi_citation)]
    return [SourceItem("applicant", f"testimony:{support.pk}", support.note or "Testimony", target="testimony")]
