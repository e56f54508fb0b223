"""What kind of source each piece of support is: the columns of the element matrix.

A declaration or oral testimony is the applicant's own word. An event in the chronology is the
applicant's word too, unless a document reports it (an account citing the document, or a
medical finding linked to the event): then it counts as that document's kind of source.
A translation counts as the kind of the document it translates.

A medical finding carries its Istanbul Protocol level of consistency. "Not consistent with" is
contrary evidence: it never counts as corroboration, and is kept apart. "Consistent with" is weak
support (many other causes are possible); "highly consistent with", "typical of" and "diagnostic
of" are strong. The levels are defined in the Istanbul Protocol, 2022 edition, para. 418.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Literal

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from article3.chronology.models import Event
from article3.claims.models import Support
from article3.coi.models import CoiCitation
from article3.evidence.models import Consistency, Document, DocumentKind, MedicalFinding

SourceClass = Literal["applicant", "witness", "documents", "medical", "expert", "country"]

# The matrix columns, in order, with their headings and a word on what falls in each.
SOURCE_CLASSES: tuple[tuple[SourceClass, str | Promise, str | Promise], ...] = (
    ("applicant", _("Applicant's testimony"), _("declarations, interviews, events no document reports")),
    ("witness", _("Other witnesses"), _("witness statements")),
    ("documents", _("Documents"), _("identity papers, records of abuse, threats, complaints, other")),
    ("medical", _("Medical and psychological"), _("medical and psychological reports")),
    ("expert", _("Expert"), _("expert opinions")),
    ("country", _("Country information"), _("country reports and cited passages")),
)
CLASS_LABELS: dict[str, str | Promise] = {code: label for code, label, _ in SOURCE_CLASSES}

_BY_KIND: dict[str, SourceClass] = {
    DocumentKind.DECLARATION: "applicant",
    DocumentKind.WITNESS_STATEMENT: "witness",
    DocumentKind.MEDICAL: "medical",
    DocumentKind.PSYCHOLOGICAL: "medical",
    DocumentKind.EXPERT_OPINION: "expert",
    DocumentKind.COUNTRY_INFORMATION: "country",
}


# Where the five levels are defined (the same levels serve the overall opinion, para. 424).
IP_CITATION = "Istanbul Protocol, 2022 edition (Professional Training Series No. 8/Rev.2), chapter V, para. 418"
Weight = Literal["contrary", "weak", "strong"]


@dataclass(frozen=True)
class IpLevel:
    """One Istanbul Protocol level of consistency, in plain words."""

    code: str
    words: str  # as the report words it: "highly consistent with"
    weight: Weight
    meaning: str | Promise  # what the level says, paraphrasing the Protocol's definition

    @property
    def weight_text(self) -> str:
        words = {"contrary": _("contrary evidence"), "weak": _("weak support"), "strong": _("strong support")}
        return str(words[self.weight])


IP_LEVELS: dict[str, IpLevel] = {level.code: level for level in (
    IpLevel(Consistency.NOT_CONSISTENT, "not consistent with", "contrary",
            _("the finding could not have been caused by the alleged torture or ill-treatment")),
    IpLevel(Consistency.CONSISTENT, "consistent with", "weak",
            _("the finding could have been caused by it, but it is non-specific and there are many other "
              "possible causes")),
    IpLevel(Consistency.HIGHLY_CONSISTENT, "highly consistent with", "strong",
            _("the finding could have been caused by it, and there are few other possible causes")),
    IpLevel(Consistency.TYPICAL, "typical of", "strong",
            _("the finding is usually seen with this kind of torture or ill-treatment, but there are other "
              "possible causes")),
    IpLevel(Consistency.DIAGNOSTIC, "diagnostic of", "strong",
            _("the finding could not have been caused in any way other than the one described")),
)}
# Weakest to strongest, in the Protocol's order; a finding without a level ranks lowest.
LEVEL_RANK = {code: n for n, code in enumerate(("", *IP_LEVELS))}


@dataclass(frozen=True)
class SourceItem:
    """One source behind an element: a document, an event told only by the applicant, a cited passage."""

    source_class: SourceClass
    key: str  # package key: d-medical, e-arrest-2019, coi-1; testimony:<id> for oral testimony
    label: str
    generic: bool = False  # general country information, or an expert opinion not about this person
    target: str = "document"  # what the key names: document, event, coi_citation or testimony
    level: str = ""  # the Istanbul Protocol level of the medical finding(s) this item stands for, if any
    finding: str = ""  # for contrary evidence, the finding's reference: d-medical#finding-2
    finding_number: int = 0

    @property
    def class_label(self) -> str | Promise:
        return CLASS_LABELS[self.source_class]

    @property
    def ip_level(self) -> IpLevel | None:
        return IP_LEVELS.get(self.level)

    @property
    def contrary(self) -> bool:
        return self.level == Consistency.NOT_CONSISTENT

    @property
    def level_text(self) -> str:
        """"highly consistent with (strong support)"; "" when no level applies."""
        level = self.ip_level
        return f"{level.words} ({level.weight_text})" if level else ""


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


def best_level(findings: list[MedicalFinding]) -> str:
    """The strongest level among findings that support (contrary ones excluded); "" if none is stated."""
    levels = [f.consistency for f in findings if f.consistency != Consistency.NOT_CONSISTENT]
    return max(levels, key=lambda code: LEVEL_RANK.get(code, 0), default="")


def finding_number(finding: MedicalFinding) -> int:
    """The finding's place among its document's findings, as the document page numbers them."""
    return MedicalFinding.objects.filter(document_id=finding.document_id, pk__lte=finding.pk).count()


def contrary_item(finding: MedicalFinding) -> SourceItem:
    document, number = finding.document, finding_number(finding)
    return SourceItem(document_class(document), document.key, document.label, level=Consistency.NOT_CONSISTENT,
                      finding=f"{document.key}#finding-{number}", finding_number=number)


def event_items(event: Event) -> list[SourceItem]:
    """An event counts as each document that reports it, or as the applicant's word if none does.

    A medical finding "not consistent with" the event is contrary evidence: it comes back as its own
    item (`contrary`), and a document reporting the event only through such findings does not count."""
    accounts: dict[int, Document] = {}
    for account in event.accounts.all():
        if account.document is not None:
            accounts.setdefault(account.document.pk, account.document)
    findings: dict[int, list[MedicalFinding]] = {}
    for finding in event.findings.all():
        findings.setdefault(finding.document.pk, []).append(finding)
    supporting: list[SourceItem] = []
    for pk, document in accounts.items():
        supporting.append(replace(document_item(document), level=best_level(findings.get(pk, []))))
    for pk, found in findings.items():
        if pk not in accounts and any(f.consistency != Consistency.NOT_CONSISTENT for f in found):
            supporting.append(replace(document_item(found[0].document), level=best_level(found)))
    contrary = [contrary_item(f) for found in findings.values() for f in found
                if f.consistency == Consistency.NOT_CONSISTENT]
    if not supporting:
        supporting = [SourceItem("applicant", event.key, event.title, target="event")]
    return [*supporting, *contrary]


def citation_item(citation: CoiCitation) -> SourceItem:
    report = citation.report
    where = f"p. {citation.page}, ¶ {citation.paragraph}" if citation.page else f"¶ {citation.paragraph}"
    return SourceItem("country", citation.key, f"{report.title}, {where}", generic=True, target="coi_citation")


def support_items(support: Support) -> list[SourceItem]:
    """The sources one piece of support stands for (an event may stand for several documents)."""
    if support.event is not None:
        return event_items(support.event)
    if support.document is not None:
        return [replace(document_item(support.document), level=best_level(list(support.document.findings.all())))]
    if support.coi_citation is not None:
        return [citation_item(support.coi_citation)]
    return [SourceItem("applicant", f"testimony:{support.pk}", support.note or "Testimony", target="testimony")]
