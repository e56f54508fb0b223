"""Gap checks on the evidence itself: reports past their currency, translations, expert opinions that
do not address the applicant, medical findings tied to no event, and dated country information.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass

from django.db.models import Prefetch, Q, prefetch_related_objects

from article3.cases.models import Case
from article3.chronology.dates import FuzzyDate
from article3.chronology.selectors import date_words, fuzzy_or_none
from article3.coi.selectors import citation_flags, months_before
from article3.evidence.models import Document, DocumentKind, DocumentPage
from article3.evidence.selectors import pages_without_text, pages_words
from article3.findings import Finding
from article3.rulepacks import CURRENCY_KINDS, RulePack

_NOT_ORIGINALS = frozenset({DocumentKind.TRANSLATION, DocumentKind.TRANSLATION_CERTIFICATE})

_REFRESH: dict[str, str] = {
    "medical": "Ask the examiner for an updated report, or a short addendum confirming the findings still stand.",
    "psychological": "Arrange a fresh psychological assessment: the applicant's mental state may have changed.",
    "expert_opinion": "Ask the expert to update the opinion against current conditions.",
    "country_information": ("Look for newer country information (the library alerts on new reports) and use it, "
                            "or say why this is still the latest."),
}


@dataclass(frozen=True)
class EvidenceContext:
    case: Case
    pack: RulePack
    documents: list[Document]  # translations, findings and the page texts the checks read prefetched
    reference: datetime.date  # the hearing date, or today when none is set

    def older_than(self, limit: str) -> str:
        if self.case.hearing_date:
            return f"by the hearing on {self.reference:%d %B %Y} it will be older than {limit}"
        return f"it is already older than {limit} (no hearing date is set)"


def evidence_context(*, case: Case, pack: RulePack, today: datetime.date) -> EvidenceContext:
    documents = list(case.documents.filter(withdrawn_at__isnull=True).select_related("translates")
                     .prefetch_related("translations", "findings").order_by("pk"))
    # Page texts are decrypted one by one: read only those a check looks at, OCR pages (for pages
    # without words) and every page of a document that may need a translation (has it any words?).
    accepted = frozenset(pack.languages.codes)
    wordy = [d.pk for d in documents if _may_need_translation(d, accepted)]
    prefetch_related_objects(documents, Prefetch(
        "page_texts", queryset=DocumentPage.objects.filter(Q(ocr=True) | Q(document_id__in=wordy))))
    return EvidenceContext(case=case, pack=pack, documents=documents, reference=case.hearing_date or today)


def _named(document: Document) -> str:
    return f"{document.label} ({document.key})"


def primary_language(tag: str) -> str:
    return tag.strip().replace("_", "-").split("-")[0].casefold()


def _may_need_translation(document: Document, accepted: frozenset[str]) -> bool:
    return (document.kind not in _NOT_ORIGINALS and bool(document.language)
            and primary_language(document.language) not in accepted and not document.translations.all())


def has_text(document: Document) -> bool:
    """Whether the document's pages carry any words (a photo without words needs no translation)."""
    return any(page.text.strip() for page in document.page_texts.all())


def report_date(document: Document) -> FuzzyDate | None:
    return fuzzy_or_none(document.date) or fuzzy_or_none(document.examination_date)


def stale_evidence(ctx: EvidenceContext) -> Iterator[Finding]:
    """Reports older than the pack's currency rule at the hearing date (or today), and undated reports."""
    for document in ctx.documents:
        if document.kind not in CURRENCY_KINDS:
            continue
        rule = next(r for r in ctx.pack.currency if r.kind == document.kind)
        dated = report_date(document)
        verified = "" if rule.source.verified else ", unverified"
        rule_text = f"{rule.months} months (currency rule: {rule.source.citation}{verified})"
        if dated is None:
            yield Finding(
                code="evidence_undated", severity="low",
                message=f"{_named(document)} has no date, so its currency ({rule_text}) cannot be checked.",
                advice="Record the date the report bears (the evidence page, “Edit”).",
                refs=(document.key,),
            )
        elif dated.latest < months_before(ctx.reference, rule.months):
            yield Finding(
                code="evidence_stale", severity="medium",
                message=(f"{_named(document)} is dated {date_words(str(dated))}: {ctx.older_than(rule_text)}. "
                         f"{rule.note}"),
                advice=_REFRESH.get(document.kind, "Get an updated version."),
                refs=(document.key,),
            )


def translation_findings(ctx: EvidenceContext) -> Iterator[Finding]:
    """Foreign-language documents with words and no translation; translations uncertified or outdated."""
    languages = ctx.pack.languages
    accepted = frozenset(languages.codes)
    unverified = "" if languages.source.verified else " (unverified: check the forum's rules)"
    required = ctx.pack.bundle.translation_certificate_required
    for document in ctx.documents:
        if document.kind in _NOT_ORIGINALS:
            yield from _translation_state(document, certificate_required=required, ctx=ctx)
        elif _may_need_translation(document, accepted) and has_text(document):
            yield Finding(
                code="translation_missing", severity="high",
                message=(f"{_named(document)} is in {document.language} and has no translation; the forum takes "
                         f"documents in {', '.join(languages.codes)}{unverified}."),
                advice=("Have it translated, upload the translation as a document of kind “translation” that "
                        "translates this one, with the translator's certificate."),
                refs=(document.key,),
            )


def _translation_state(document: Document, *, certificate_required: bool, ctx: EvidenceContext) -> Iterator[Finding]:
    original = document.translates
    if document.kind != DocumentKind.TRANSLATION or original is None:
        return
    refs = (document.key, original.key)
    if document.needs_review:
        yield Finding(
            code="translation_outdated", severity="high",
            message=f"{_named(original)} changed after {_named(document)} was made from it.",
            advice="Ask the translator to check the translation against the new original and certify it again.",
            refs=refs,
        )
    if certificate_required and not document.certified:
        source = ctx.pack.bundle.source("translation_certificate_required")
        yield Finding(
            code="translation_uncertified", severity="high",
            message=(f"{_named(document)} has no translator's certificate; the forum requires one "
                     f"({source.describe()})."),
            advice=("Get the translator's signed certificate of competence and accuracy (with address and phone "
                    "where the forum asks), upload it, and mark the translation certified."),
            refs=refs,
        )


def expert_findings(ctx: EvidenceContext) -> Iterator[Finding]:
    for document in ctx.documents:
        if document.kind != DocumentKind.EXPERT_OPINION or document.addresses_individual_circumstances:
            continue
        unknown = document.addresses_individual_circumstances is None
        yield Finding(
            code="expert_not_individualized", severity="low" if unknown else "medium",
            message=(f"{_named(document)}: it is not recorded whether it addresses the applicant's own "
                     "circumstances." if unknown else
                     f"{_named(document)} speaks of the country in general, not of this applicant."),
            advice=("Ask the expert to address the applicant's own profile and history (give them the declaration "
                    "and the chronology), or record that the opinion already does."),
            refs=(document.key,),
        )


def medical_findings_unlinked(ctx: EvidenceContext) -> Iterator[Finding]:
    for document in ctx.documents:
        for number, finding in enumerate(document.findings.all(), start=1):
            if finding.event_id is not None:
                continue
            yield Finding(
                code="medical_findings_unlinked", severity="medium",
                message=f"Finding {number} of {_named(document)} is not linked to any event in the chronology.",
                advice=("Open the document and link the finding to the event it was attributed to, so it counts "
                        "as medical corroboration of that event (and of the facts that rest on it)."),
                refs=(document.key, f"{document.key}#finding-{number}"),
            )


def pages_unreadable(ctx: EvidenceContext) -> Iterator[Finding]:
    """Pages of a scan where OCR found no text: nobody can search, quote or translate them."""
    for document in ctx.documents:
        numbers = pages_without_text(document)
        if not numbers:
            continue
        where = pages_words(numbers)
        yield Finding(
            code="page_no_text", severity="medium",
            message=(f"{where[0].upper()}{where[1:]} of {_named(document)} "
                     f"{'has' if len(numbers) == 1 else 'have'} no readable text: rescan or transcribe."),
            advice=("Rescan the page flat, well lit and upright (300 dpi) and upload it with “Replace the original”, "
                    "or add a typed transcription. A photograph or drawing without words needs neither."),
            refs=(document.key, *(f"{document.key}#page-{n}" for n in numbers)),
        )


def processing_warnings(ctx: EvidenceContext) -> Iterator[Finding]:
    """What converting a document could not do (OCR failed or was not run, pages with no text),
    unless `pages_unreadable` already names its pages."""
    for document in ctx.documents:
        if not document.warnings or pages_without_text(document):
            continue
        yield Finding(
            code="document_not_fully_read", severity="medium",
            message=f"{_named(document)}: " + " ".join(str(warning) for warning in document.warnings),
            advice=("Open the document: “Process again” converts the stored original again; if the pages are "
                    "scans, a clearer scan uploaded with “Replace the original” lets OCR read them."),
            refs=(document.key,),
        )


def coi_dated(ctx: EvidenceContext) -> Iterator[Finding]:
    """Cited passages whose report is superseded, past the pack's currency rule, or undated."""
    citations = ctx.case.coi_citations.select_related("report__superseded_by").order_by("pk")
    for citation in citations:
        flags = citation_flags(citation=citation, case=ctx.case, today=ctx.reference)
        if not flags:
            continue
        yield Finding(
            code="coi_dated", severity="low" if [f.code for f in flags] == ["undated"] else "medium",
            message=f"Passage {citation.key} ({citation.report.title}): " + " ".join(f.message for f in flags),
            advice=("Cite the same point from the newest edition or a more recent report (the library shows newer "
                    "editions and alerts), and remove the old citation."),
            refs=(citation.key,),
        )


def evidence_findings(ctx: EvidenceContext) -> list[Finding]:
    checks = (stale_evidence, translation_findings, expert_findings, medical_findings_unlinked, pages_unreadable,
              processing_warnings, coi_dated)
    return [finding for check in checks for finding in check(ctx)]
