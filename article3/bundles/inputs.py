"""From a case to the engine's input: exhibit order, translations after originals, pinpoints."""

import datetime
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db.models import QuerySet

from article3.bundles.engine import AnnotatedReport, ExhibitInput, Layout, Pinpoint
from article3.cases.models import Case
from article3.coi import bundle as coi_bundle
from article3.coi.bundle import CitedReport
from article3.errors import DomainError
from article3.evidence.models import Document, DocumentKind, Status
from article3.evidence.services import copy_plain
from article3.rulepacks import BundleProfile, load_pack

# Kinds that travel with another document instead of standing as exhibits of their own.
ATTACHED_KINDS = {DocumentKind.TRANSLATION, DocumentKind.TRANSLATION_CERTIFICATE}
COUNTRY_SECTION = "Country conditions"


def profile_for(profile_id: str) -> BundleProfile:
    return load_pack(profile_id).bundle


def layout_for(profile: BundleProfile) -> Layout:
    return Layout(
        page_size=profile.page_size, cover=profile.cover, index=profile.index,
        index_title=profile.index_title, label_style=profile.exhibit_labels,
        separators=profile.separator_pages, bookmarks=profile.bookmarks,
        max_part_bytes=profile.max_part_bytes, max_part_pages=profile.max_pages,
        part_suffix=profile.part_naming if "{n}" in profile.part_naming else "_Part{n}",
    )


def exhibit_order(case: Case, profile: BundleProfile) -> list[Document]:
    """The case's own order first (as the lawyer arranged it), then the rest by the profile's kinds."""
    standing = [d for d in in_bundle(case.documents.order_by("pk")) if d.kind not in ATTACHED_KINDS]
    by_key = {d.key: d for d in standing}
    chosen = [by_key[k] for k in case.exhibit_order if k in by_key]
    rank = {kind: i for i, kind in enumerate(profile.exhibit_order)}
    rest = sorted((d for d in standing if d not in chosen), key=lambda d: (rank.get(d.kind, len(rank)), d.pk))
    return chosen + rest


def in_bundle(documents: QuerySet[Document]) -> QuerySet[Document]:
    """Leaves out withdrawn documents and those the lawyer left out of the bundle."""
    return documents.filter(withdrawn_at__isnull=True, bundle_excluded=False)


def attachments_of(document: Document) -> list[Document]:
    """Its translations, each followed by its certificate (a certificate document translating it)."""
    return attachments_by_document(document.case_id, [document])[document.pk]


def attachments_by_document(case_id: int, documents: list[Document]) -> dict[int, list[Document]]:
    """`attachments_of` for many documents of a case, from one query."""
    attached: dict[int, list[Document]] = {}
    rows = in_bundle(Document.objects.all()).filter(case_id=case_id, kind__in=ATTACHED_KINDS, translates__isnull=False)
    for candidate in rows.order_by("pk"):
        attached.setdefault(candidate.translates_id, []).append(candidate)  # type: ignore[arg-type]

    def of(pk: int, kind: str) -> list[Document]:
        return [d for d in attached.get(pk, []) if d.kind == kind]

    return {document.pk: [item for translation in of(document.pk, DocumentKind.TRANSLATION)
                          for item in (translation, *of(translation.pk, DocumentKind.TRANSLATION_CERTIFICATE))]
            + of(document.pk, DocumentKind.TRANSLATION_CERTIFICATE) for document in documents}


Entry = Document | CitedReport


def filing_order(case: Case, profile: BundleProfile, reports: list[CitedReport],
                 exhibits: list[Document] | None = None) -> list[Entry]:
    """The documents in `exhibit_order` (`exhibits`, when the caller has it already), with the cited
    library reports placed among the rest by the profile's rank for country information, then by
    publisher and date."""
    documents = exhibit_order(case, profile) if exhibits is None else exhibits
    chosen = [d for d in documents if d.key in set(case.exhibit_order)]
    rank = {kind: i for i, kind in enumerate(profile.exhibit_order)}
    country = rank.get(DocumentKind.COUNTRY_INFORMATION, len(rank))

    def order(entry: Entry) -> tuple[int, int, str, datetime.date, int]:
        if isinstance(entry, CitedReport):
            report = entry.report
            return country, 1, report.publisher.casefold(), report.date or datetime.date.min, report.pk
        return rank.get(entry.kind, len(rank)), 0, "", datetime.date.min, entry.pk

    rest: list[Entry] = [d for d in documents if d not in chosen]
    return [*chosen, *sorted([*rest, *reports], key=order)]


@dataclass(frozen=True)
class Prepared:
    exhibits: tuple[ExhibitInput, ...]
    skipped: tuple[str, ...]  # documents with no searchable PDF yet
    inputs: dict[str, str]
    country_index: tuple[AnnotatedReport, ...] = ()
    skipped_reports: tuple[str, ...] = ()  # cited reports with no PDF form
    closing: tuple[ExhibitInput, ...] = ()  # the certificate of service, last
    service_missing: bool = False  # the profile requires a certificate of service and there is none
    uncertified: tuple[str, ...] = ()  # certified translations whose certificate is not in the bundle


GENERATED_PREFIX = "generated-"


def generated_key(generated: Any) -> str:
    """How a generated certificate is named in the page map (document keys are the lawyer's own)."""
    return f"{GENERATED_PREFIX}{generated.pk}"


def latest_generated(case: Case, kind: str, document_keys: set[str] | None = None) -> Any:
    """The newest generated document of `kind` that has a PDF (for a translation: made for one of the keys)."""
    from article3.docs.models import GeneratedDocument

    for generated in GeneratedDocument.objects.filter(case=case, kind=kind, status="done").exclude(
            pdf_sha256="").order_by("-pk"):
        if document_keys is None or str(generated.options.get("document", "")) in document_keys:
            return generated
    return None


def prepare(case: Case, profile: BundleProfile, folder: Path) -> Prepared:
    """Decrypt each document's working PDF (and each cited report's PDF form) into `folder`
    and describe the exhibits. `inputs` lists what the build is made of, in order: documents
    and reports by the SHA-256 of their PDFs, citations by what the index shows of them."""
    exhibits: list[ExhibitInput] = []
    skipped: list[str] = []
    inputs: dict[str, str] = {}
    uncertified: list[str] = []

    def one(document: Document) -> ExhibitInput | None:
        if document.status != Status.READY or not document.derived_sha256:
            skipped.append(document.key)
            return None
        inputs[document.key] = document.derived_sha256
        path = copy_plain(document.derived_sha256, folder / f"{document.pk}.pdf")
        return ExhibitInput(key=document.key, title=document.label, date=document.date or None,
                            kind=document.kind, pdf=path, section=_section(document), sha256=document.derived_sha256)

    cited = coi_bundle.cited_reports(case)
    included, left_out = [], []
    for entry in filing_order(case, profile, cited):
        if isinstance(entry, CitedReport):
            exhibit = _report_exhibit(entry, folder, inputs)
            if exhibit is None:
                left_out.append(entry)
            else:
                included.append(entry)
                exhibits.append(exhibit)
            continue
        main = one(entry)
        if main is None:
            continue
        attached: list[ExhibitInput] = []
        for attachment in attachments_of(entry):
            found = one(attachment)
            if found is not None:
                attached.append(found)
            if attachment.kind == DocumentKind.TRANSLATION:
                attached += _translation_certificate(case, attachment, folder, inputs, uncertified)
        exhibits.append(ExhibitInput(key=main.key, title=main.title, date=main.date, kind=main.kind,
                                     pdf=main.pdf, section=main.section, attachments=tuple(attached),
                                     sha256=main.sha256))
    closing = _service_certificate(case, folder, inputs) if profile.certificate_of_service_required else None
    return Prepared(tuple(exhibits), tuple(skipped), inputs, coi_bundle.annotated(included),
                    tuple(item.key for item in left_out), closing=(closing,) if closing else (),
                    service_missing=profile.certificate_of_service_required and closing is None,
                    uncertified=tuple(uncertified))


def _generated_input(generated: Any, title: str, folder: Path, inputs: dict[str, str]) -> ExhibitInput:
    key = generated_key(generated)
    inputs[key] = generated.pdf_sha256
    return ExhibitInput(key=key, title=title, date=generated.created_at.date().isoformat(), kind=generated.kind,
                        pdf=copy_plain(generated.pdf_sha256, folder / f"{key}.pdf"), sha256=generated.pdf_sha256)


def _translation_certificate(case: Case, translation: Document, folder: Path, inputs: dict[str, str],
                             uncertified: list[str]) -> list[ExhibitInput]:
    """A translation's certificate follows it: an uploaded certificate (attached already by
    `attachments_of`), else the newest generated one; a certified translation with neither is reported."""
    if translation.translations.filter(kind=DocumentKind.TRANSLATION_CERTIFICATE).exists():
        return []
    keys = {translation.key} | ({translation.translates.key} if translation.translates else set())
    generated = latest_generated(case, "translation_certificate", keys)
    if generated is None:
        if translation.certified:
            uncertified.append(translation.key)
        return []
    return [_generated_input(generated, f"Certificate of translation: {translation.label}", folder, inputs)]


def _service_certificate(case: Case, folder: Path, inputs: dict[str, str]) -> ExhibitInput | None:
    generated = latest_generated(case, "service_certificate")
    return None if generated is None else _generated_input(generated, "Certificate of service", folder, inputs)


def _report_exhibit(item: CitedReport, folder: Path, inputs: dict[str, str]) -> ExhibitInput | None:
    """The report's PDF form as an exhibit of the country conditions section (None if the
    report cannot be put in PDF form); its citations join the build's inputs after it."""
    from article3.coi.services import report_pdf_form

    try:
        sha = report_pdf_form(item.report)
    except DomainError:
        return None
    inputs[item.key] = sha
    for citation in item.citations:
        inputs[citation.key] = coi_bundle.citation_fingerprint(citation)
    report = item.report
    return ExhibitInput(key=item.key, title=report.title, date=report.date_iso or None,
                        kind=DocumentKind.COUNTRY_INFORMATION, pdf=copy_plain(sha, folder / f"{item.key}.pdf"),
                        section=COUNTRY_SECTION, sha256=sha)


def _section(document: Document) -> str | None:
    """Country reports form their own section (with its annotated index); the rest keeps the
    lawyer's order without headings."""
    return COUNTRY_SECTION if document.kind == DocumentKind.COUNTRY_INFORMATION else None


def pinpoints(case: Case) -> tuple[Pinpoint, ...]:
    """Every cited document page in the case: event accounts and the support of facts."""
    found: dict[str, Pinpoint] = {}
    from article3.chronology.models import Account

    accounts = Account.objects.filter(event__case=case, document__isnull=False, page__isnull=False)
    for account in accounts.select_related("document"):
        document_key, page = account.document.key, int(account.page)  # type: ignore[union-attr, arg-type]
        found[f"{document_key}@{page}"] = Pinpoint(key=f"{document_key}@{page}", document_key=document_key,
                                                   page=page)
    for key, document_key, page in _fact_pinpoints(case):
        found[key] = Pinpoint(key=key, document_key=document_key, page=page)
    return tuple(found[k] for k in sorted(found))


def _fact_pinpoints(case: Case) -> list[tuple[str, str, int]]:
    from article3.claims.models import Support

    out = []
    for support in Support.objects.filter(fact__case=case, document__isnull=False).select_related("document"):
        for page in _pages(support.pages):
            out.append((f"{support.document.key}@{page}", support.document.key, page))  # type: ignore[union-attr]
    return out


def _pages(text: str) -> list[int]:
    """'2-3' -> [2, 3]; '4' -> [4]; '2, 5' -> [2, 5]."""
    pages: list[int] = []
    for part in (p.strip() for p in (text or "").split(",")):
        first, _, last = part.partition("-")
        if first.isdigit():
            pages += list(range(int(first), int(last) + 1 if last.strip().isdigit() else int(first) + 1))
    return pages


def today() -> datetime.date:
    from django.utils import timezone

    return timezone.localdate()
