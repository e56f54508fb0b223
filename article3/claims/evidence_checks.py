"""Gap checks on the evidence itself: reports past their currency, translations, expert opinions that
do not address the applicant, medical findings tied to no event, and dated country information.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass

from django.db.models import Prefetch, Q, prefetch_related_objects
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, ngettext

from article3.cases.models import Case
from article3.chronology.dates import FuzzyDate
from article3.chronology.selectors import date_words, fuzzy_or_none
from article3.coi.selectors import citation_flags, months_before
from article3.evidence.models import Document, DocumentKind, DocumentPage
from article3.evidence.selectors import pages_without_text, pages_words
from article3.findings import Finding
from article3.rulepacks import CURRENCY_KINDS, RulePack
from article3.words import Words, joined

_NOT_ORIGINALS = frozenset({DocumentKind.TRANSLATION, DocumentKind.TRANSLATION_CERTIFICATE})

# Findings that a bundle build keeps among its warnings keep their words (article3.words), so that the build's
# page says them in its reader's language.
_REFRESH = {
    "medical": gettext_noop("Ask the examiner for an updated report, or a short addendum confirming the findings "
                            "still stand."),
    "psychological": gettext_noop("Arrange a fresh psychological assessment: the applicant's mental state may have "
                                  "changed."),
    "expert_opinion": gettext_noop("Ask the expert to update the opinion against current conditions."),
    "country_information": gettext_noop("Look for newer country information (the library alerts on new reports) "
                                        "and use it, or say why this is still the latest."),
}


@dataclass(frozen=True)
class EvidenceContext:
    case: Case
    pack: RulePack
    documents: list[Document]  # translations, findings and the page texts the checks read prefetched
    reference: datetime.date  # the hearing date, or today when none is set

    def older_than(self, limit: Words) -> Words:
        if self.case.hearing_date:
            return Words(gettext_noop("by the hearing on %(date)s it will be older than %(limit)s"),
                         {"date": self.reference, "limit": limit})
        return Words(gettext_noop("it is already older than %(limit)s (no hearing date is set)"), {"limit": limit})


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
        rule_text = Words(gettext_noop("%(months)s months (currency rule: %(citation)s)") if rule.source.verified
                          else gettext_noop("%(months)s months (currency rule: %(citation)s, unverified)"),
                          {"months": rule.months, "citation": rule.source.citation})
        if dated is None:
            yield Finding(
                code="evidence_undated", severity="low",
                message=_("%(document)s has no date, so its currency (%(rule)s) cannot be checked.") % {
                    "document": _named(document), "rule": rule_text.text()},
                advice=_("Record the date the report bears (the evidence page, “Edit”)."),
                refs=(document.key,),
            )
        elif dated.latest < months_before(ctx.reference, rule.months):
            yield Finding.worded(
                code="evidence_stale", severity="medium",
                message=joined(Words(gettext_noop("%(document)s is dated %(date)s: %(older)s."), {
                    "document": _named(document), "date": date_words(str(dated)),
                    "older": ctx.older_than(rule_text)}), rule.note),
                advice=Words(_REFRESH.get(document.kind) or gettext_noop("Get an updated version.")),
                refs=(document.key,),
            )


def translation_findings(ctx: EvidenceContext) -> Iterator[Finding]:
    """Foreign-language documents with words and no translation; translations uncertified or outdated."""
    languages = ctx.pack.languages
    accepted = frozenset(languages.codes)
    required = ctx.pack.bundle.translation_certificate_required
    for document in ctx.documents:
        if document.kind in _NOT_ORIGINALS:
            yield from _translation_state(document, certificate_required=required, ctx=ctx)
        elif _may_need_translation(document, accepted) and has_text(document):
            yield Finding.worded(
                code="translation_missing", severity="high",
                message=Words(gettext_noop("%(document)s is in %(language)s and has no translation; the forum takes "
                                           "documents in %(languages)s.") if languages.source.verified else
                              gettext_noop("%(document)s is in %(language)s and has no translation; the forum takes "
                                           "documents in %(languages)s (unverified: check the forum's rules)."), {
                    "document": _named(document), "language": document.language,
                    "languages": ", ".join(languages.codes)}),
                advice=Words(gettext_noop("Have it translated, upload the translation as a document of kind "
                                          "“translation” that translates this one, with the translator's "
                                          "certificate.")),
                refs=(document.key,),
            )


def _translation_state(document: Document, *, certificate_required: bool, ctx: EvidenceContext) -> Iterator[Finding]:
    original = document.translates
    if document.kind != DocumentKind.TRANSLATION or original is None:
        return
    refs = (document.key, original.key)
    if document.needs_review:
        yield Finding.worded(
            code="translation_outdated", severity="high",
            message=Words(gettext_noop("%(original)s changed after %(translation)s was made from it."), {
                "original": _named(original), "translation": _named(document)}),
            advice=Words(gettext_noop("Ask the translator to check the translation against the new original and "
                                      "certify it again.")),
            refs=refs,
        )
    if certificate_required and not document.certified:
        source = ctx.pack.bundle.source("translation_certificate_required")
        yield Finding.worded(
            code="translation_uncertified", severity="high",
            message=Words(gettext_noop("%(document)s has no translator's certificate; the forum requires one "
                                       "(%(source)s)."), {"document": _named(document), "source": source.describe()}),
            advice=Words(gettext_noop("Get the translator's signed certificate of competence and accuracy (with "
                                      "address and phone where the forum asks), upload it, and mark the translation "
                                      "certified.")),
            refs=refs,
        )


def expert_findings(ctx: EvidenceContext) -> Iterator[Finding]:
    for document in ctx.documents:
        if document.kind != DocumentKind.EXPERT_OPINION or document.addresses_individual_circumstances:
            continue
        unknown = document.addresses_individual_circumstances is None
        yield Finding(
            code="expert_not_individualized", severity="low" if unknown else "medium",
            message=(_("%(document)s: it is not recorded whether it addresses the applicant's own circumstances.")
                     if unknown else _("%(document)s speaks of the country in general, not of this applicant."))
            % {"document": _named(document)},
            advice=_("Ask the expert to address the applicant's own profile and history (give them the declaration "
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
                message=_("Finding %(number)s of %(document)s is not linked to any event in the chronology.") % {
                    "number": number, "document": _named(document)},
                advice=_("Open the document and link the finding to the event it was attributed to, so it counts "
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
            message=ngettext("%(pages)s of %(document)s has no readable text: rescan or transcribe.",
                             "%(pages)s of %(document)s have no readable text: rescan or transcribe.", len(numbers))
            % {"pages": f"{where[0].upper()}{where[1:]}", "document": _named(document)},
            advice=_("Rescan the page flat, well lit and upright (300 dpi) and upload it with “Replace the "
                     "original”, or add a typed transcription. A photograph or drawing without words needs "
                     "neither."),
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
            message=f"{_named(document)}: " + " ".join(document.warning_texts),
            advice=_("Open the document: “Process again” converts the stored original again; if the pages are "
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
        yield Finding.worded(
            code="coi_dated", severity="low" if [f.code for f in flags] == ["undated"] else "medium",
            message=Words(gettext_noop("Passage %(key)s (%(title)s): %(flags)s"), {
                "key": citation.key, "title": citation.report.title,
                "flags": [f.words or f.message for f in flags]}),
            advice=Words(gettext_noop("Cite the same point from the newest edition or a more recent report (the "
                                      "library shows newer editions and alerts), and remove the old citation.")),
            refs=(citation.key,),
        )


def evidence_findings(ctx: EvidenceContext) -> list[Finding]:
    checks = (stale_evidence, translation_findings, expert_findings, medical_findings_unlinked, pages_unreadable,
              processing_warnings, coi_dated)
    return [finding for check in checks for finding in check(ctx)]
