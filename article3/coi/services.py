"""Writes for the library: import reports (vault first, then rows), editions, citations, alerts."""

from __future__ import annotations

import dataclasses
import datetime
import hashlib
import io
import logging
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop

from article3.accounts.models import Organisation
from article3.audit.services import Actor, actor_label, audit_record
from article3.cases.models import Case
from article3.coi import extract as extraction
from article3.coi.models import (
    CoiAlert,
    CoiCitation,
    CoiSource,
    DatePrecision,
    DocType,
    ImportStatus,
    Passage,
    Report,
    ReportCountry,
    ReportImport,
    ReportSeries,
)
from article3.coi.parse import ParsedReport
from article3.errors import DomainError
from article3.evidence.filenames import safe_filename
from article3.evidence.shredding import blob_keep_or_put
from article3.evidence.storage import vault
from article3.tasking import enqueue_with_transaction

logger = logging.getLogger(__name__)
_COUNTRY = re.compile(r"^[A-Z]{2}$")
_YEAR = re.compile(r"\b(19|20)\d{2}\b")
# Reading one report (text, passages, PDF form) in the sandbox; settings may override both.
PARSE_TIMEOUT_S = 300.0
PARSE_MAX_RSS_BYTES = 2 * 1024 * 1024 * 1024


@dataclass
class ReportMeta:
    """What the importer says about a report; blanks are filled from the document itself."""

    countries: list[str]
    title: str = ""
    publisher: str = ""
    date: datetime.date | None = None
    date_precision: str = "day"  # "year" for a report cited by its year alone, "month", or "day"
    url: str = ""
    doc_type: str = DocType.REPORT
    language: str = ""
    series: str = ""  # editions of one publication share it; guessed from a yearly title if blank


@dataclass
class ImportResult:
    report: Report
    created: bool
    superseded: list[int] = field(default_factory=list)  # ids of editions this import made outdated
    alerts: list[CoiAlert] = field(default_factory=list)  # alerts raised on watching cases (when asked to watch)


def clean_countries(codes: list[str] | str) -> list[str]:
    if isinstance(codes, str):
        codes = re.split(r"[,\s]+", codes)
    cleaned = sorted({c.strip().upper() for c in codes if c.strip()})
    bad = [c for c in cleaned if not _COUNTRY.match(c)]
    if bad or not cleaned:
        raise DomainError(gettext("Give the countries as two-letter ISO codes, e.g. CM or CM,NG."))
    return cleaned


def report_import(
    *,
    actor: Actor,
    organisation: Organisation,
    data: bytes,
    meta: ReportMeta,
    filename: str = "",
    source: CoiSource | None = None,
    source_guid: str = "",
    watch: bool = False,
) -> ImportResult:
    """Add a report to the organisation's library, or return the copy already there.

    The file is read in the ingest sandbox; a file that cannot be read is refused with a
    message naming it, and nothing is stored. The file and its PDF form go into the vault
    before the rows that name them commit; passages are written with their anchors and the
    report joins its series, superseding older editions.
    """
    countries = clean_countries(meta.countries)
    if meta.doc_type not in DocType.values:
        raise DomainError(f"Unknown kind of report '{meta.doc_type}'; use one of {', '.join(DocType.values)}.")
    if len(data) > settings.MAX_FILE_BYTES:
        raise DomainError(gettext("This file is larger than the instance allows."))
    sha = hashlib.sha256(data).hexdigest()
    existing = Report.objects.filter(organisation=organisation, sha256=sha).first()
    if existing is not None:
        return ImportResult(report=existing, created=False)
    with tempfile.TemporaryDirectory(prefix="article3-coi-") as tmp:
        parsed = parse_isolated(data, filename=filename, folder=Path(tmp))
        text_sha = hashlib.sha256("\n".join(d.text for d in parsed.drafts).encode()).hexdigest()
        existing = Report.objects.filter(organisation=organisation, text_sha256=text_sha).first()
        if existing is not None:
            return ImportResult(report=existing, created=False)
        from article3.coi import semantic

        vectors = semantic.embed([d.text for d in parsed.drafts])
        vault().put(stream=io.BytesIO(data))
        derived = parsed.pdf.read_bytes()
        derived_sha = vault().put(stream=io.BytesIO(derived)).sha256
    report = _report_row(organisation=organisation, meta=meta, parsed=parsed, filename=filename, size=len(data),
                         sha=sha, text_sha=text_sha, derived_sha=derived_sha)
    report.source, report.source_guid, report.imported_by = source, source_guid[:500], actor_label(actor)[:100]
    try:
        result = _save_report(actor=actor, report=report, countries=countries, parsed=parsed, vectors=vectors,
                              series_name=meta.series, files={sha: data, derived_sha: derived}, watch=watch)
        semantic.forget_cache()
        return result
    except IntegrityError:
        # The same file arrived twice at once; the other import won.
        found = Report.objects.filter(organisation=organisation, sha256=sha).first()
        found = found or Report.objects.filter(organisation=organisation, text_sha256=text_sha).first()
        if found is None:
            raise
        return ImportResult(report=found, created=False)


# Imports through the web page: the request stores the file and queues it; the worker reads it.


def report_import_request(*, actor: Actor, organisation: Organisation, data: bytes, meta: ReportMeta,
                          filename: str = "") -> ReportImport:
    """Queue a report file for the task worker (reading a long report takes longer than a request
    should). What can be checked at once is: bad countries, kind or size are refused here, and
    nothing is stored. The file waits in the vault; the import row names it."""
    clean_countries(meta.countries)
    if meta.doc_type not in DocType.values:
        raise DomainError(f"Unknown kind of report '{meta.doc_type}'; use one of {', '.join(DocType.values)}.")
    if len(data) > settings.MAX_FILE_BYTES:
        raise DomainError(gettext("This file is larger than the instance allows."))
    sha = vault().put(stream=io.BytesIO(data)).sha256
    with transaction.atomic():
        blob_keep_or_put(sha, data)
        job = ReportImport.objects.create(
            organisation=organisation, requested_by=actor_label(actor)[:100],
            requested_by_user_id=getattr(actor, "pk", None), file_sha256=sha, filename=filename[:255],
            meta=_meta_json(meta), progress=IMPORT_WAITING)
        audit_record(actor=actor, action="coi.import.requested", obj=job, organisation_id=organisation.pk)
        from article3.coi.tasks import import_report

        enqueue_with_transaction(import_report, job.pk)
    return job


# An import's steps, kept on it as msgids: its page says them in the reader's language.
IMPORT_WAITING = gettext_noop("Waiting for the worker to read the file")
IMPORT_READING = gettext_noop("Reading the file and finding its passages")
IMPORT_FAILED = gettext_noop("The file could not be read. Try again, or convert it to PDF and import that.")


def report_import_run(*, job: ReportImport) -> ReportImport:
    """Read a queued report into the library (on the worker), recording each step on the row."""
    if job.finished:
        return job
    _import_step(job, status=ImportStatus.RUNNING, progress=IMPORT_READING)
    try:
        data = b"".join(vault().iter_plain(job.file_sha256))
        result = report_import(actor=job.requested_by, organisation=job.organisation, data=data,
                               meta=_meta_from_json(job.meta), filename=job.filename, watch=True)
    except DomainError as exc:
        _import_step(job, status=ImportStatus.FAILED, progress="", error_message=str(exc),
                     finished_at=timezone.now())
        return job
    except Exception:
        logger.exception("coi import %s failed", job.pk)  # the traceback names no file content
        _import_step(job, status=ImportStatus.FAILED, progress="", finished_at=timezone.now(),
                     error_message=IMPORT_FAILED)
        raise
    _import_step(job, status=ImportStatus.DONE, progress="", report=result.report, created=result.created,
                 alerts=len(result.alerts), finished_at=timezone.now())
    return job


def _import_step(job: ReportImport, **changes: Any) -> None:
    for name, value in changes.items():
        setattr(job, name, value)
    job.save(update_fields=list(changes))


def _meta_json(meta: ReportMeta) -> dict[str, Any]:
    data = dataclasses.asdict(meta)
    data["date"] = meta.date.isoformat() if meta.date else None
    return data


def _meta_from_json(data: dict[str, Any]) -> ReportMeta:
    date = datetime.date.fromisoformat(data["date"]) if data.get("date") else None
    return ReportMeta(**{**data, "date": date})


def _report_row(
    *, organisation: Organisation, meta: ReportMeta, parsed: ParsedReport, filename: str, size: int, sha: str,
    text_sha: str, derived_sha: str,
) -> Report:
    """The report's row from the importer's metadata, blanks filled from the document itself."""
    extracted = parsed.extracted
    return Report(
        organisation=organisation, title=(meta.title or extracted.title or filename or "Untitled report")[:500],
        publisher=meta.publisher[:200], date=meta.date or extracted.date,
        date_precision=meta.date_precision if meta.date else DatePrecision.DAY, url=meta.url[:1000],
        doc_type=meta.doc_type, language=(meta.language or extracted.language or "en")[:35],
        sha256=sha, text_sha256=text_sha, file_type=extracted.file_type, original_name=filename[:255],
        size=size, pages=extracted.pages, derived_sha256=derived_sha, derived_pages=parsed.pdf_pages,
    )


def parse_timeout_s() -> float:
    return float(getattr(settings, "COI_PARSE_TIMEOUT_S", PARSE_TIMEOUT_S))


def parse_isolated(data: bytes, *, filename: str, folder: Path) -> ParsedReport:
    """Read a report in the ingest sandbox, within its time and memory limits.

    DomainError, naming the file and the problem, for anything that cannot be read."""
    from article3.evidence.ingest import IngestError, run_isolated

    source = folder / "report"
    source.write_bytes(data)
    name = safe_filename(filename, fallback="report") if filename else "This report"
    try:
        parsed: ParsedReport = run_isolated(
            "coi_parse", {"source": source, "workdir": folder / "work"}, timeout_s=parse_timeout_s(),
            max_rss_bytes=int(getattr(settings, "COI_PARSE_MAX_RSS_BYTES", PARSE_MAX_RSS_BYTES)))
    except IngestError as exc:
        raise DomainError(f"{name}: {exc.words.text()}") from exc
    except Exception as exc:  # the worker could not start or answer: the file is still unread
        raise DomainError(f"{name}: the report could not be read (the reading process failed).") from exc
    return parsed


@transaction.atomic
def _save_report(
    *, actor: Actor, report: Report, countries: list[str], parsed: ParsedReport, vectors: list[bytes | None],
    series_name: str, files: dict[str, bytes], watch: bool = False,
) -> ImportResult:
    for sha, content in files.items():  # the same file may sit in a case being purged right now
        blob_keep_or_put(sha, content)
    report.save()
    ReportCountry.objects.bulk_create([ReportCountry(report=report, code=code) for code in countries])
    Passage.objects.bulk_create(
        [Passage(report=report, paragraph=d.paragraph, page=d.page, pdf_page=pdf_page, heading=d.heading,
                 text=d.text, embedding=v)
         for d, pdf_page, v in zip(parsed.drafts, parsed.pdf_page_of, vectors, strict=True)],
        batch_size=500,
    )
    superseded = _join_series(report=report, countries=countries, series_name=series_name)
    audit_record(actor=actor, action="coi.report.imported", obj=report, organisation_id=report.organisation_id,
                 detail={"passages": len(parsed.drafts), "pages": report.pages, "file_type": report.file_type,
                         "superseded": superseded})
    alerts: list[CoiAlert] = []
    if watch:
        from article3.coi.alerts import report_match_cases

        alerts = report_match_cases(actor=actor, report=report)
    return ImportResult(report=report, created=True, superseded=superseded, alerts=alerts)


def report_pdf_form(report: Report) -> str:
    """The vault SHA-256 of the report's PDF form, made now (in the sandbox) for a report
    imported before PDF forms were kept. DomainError if the file cannot be read."""
    if report.derived_sha256:
        return report.derived_sha256
    from article3.evidence.storage import plain_chunks

    with tempfile.TemporaryDirectory(prefix="article3-coi-") as tmp:
        data = b"".join(plain_chunks(report.sha256))
        parsed = parse_isolated(data, filename=report.original_name, folder=Path(tmp))
        derived = parsed.pdf.read_bytes()
        sha = vault().put(stream=io.BytesIO(derived)).sha256
    by_page: dict[int | None, list[int]] = {}
    for draft, page in zip(parsed.drafts, parsed.pdf_page_of, strict=True):
        by_page.setdefault(page, []).append(draft.paragraph)
    with transaction.atomic():
        blob_keep_or_put(sha, derived)
        Report.objects.filter(pk=report.pk).update(derived_sha256=sha, derived_pages=parsed.pdf_pages)
        for page, paragraphs in by_page.items():
            report.passages.filter(paragraph__in=paragraphs).update(pdf_page=page)
    report.derived_sha256, report.derived_pages = sha, parsed.pdf_pages
    return sha


def series_name_for(title: str) -> str:
    """The publication a yearly title belongs to: "Country Report 2024" -> "Country Report"."""
    name = re.sub(r"\(\s*\)", " ", _YEAR.sub(" ", title))
    return re.sub(r"\s+([:,;])", r"\1", " ".join(name.split())).strip(" -–—:,")


def _join_series(*, report: Report, countries: list[str], series_name: str) -> list[int]:
    """Put the report in its series (named, or guessed from a title with a year) and mark every
    edition but the newest as superseded by it. Returns the ids newly superseded."""
    if not series_name and not (report.publisher and _YEAR.search(report.title)):
        return []
    name = series_name or series_name_for(report.title)
    key = "|".join([report.publisher.casefold(), name.casefold(), ",".join(countries)])[:300]
    series, _ = ReportSeries.objects.get_or_create(
        organisation_id=report.organisation_id, key=key, defaults={"name": name[:300], "publisher": report.publisher}
    )
    report.series = series
    report.save(update_fields=["series"])
    editions = list(series.editions.order_by("date", "imported_at", "pk"))
    newest = max(editions, key=lambda r: (r.date or datetime.date.min, r.pk))
    changed = [r.pk for r in editions if r.pk != newest.pk and r.superseded_by_id != newest.pk]
    series.editions.exclude(pk=newest.pk).update(superseded_by=newest)
    series.editions.filter(pk=newest.pk).update(superseded_by=None)
    report.refresh_from_db(fields=["superseded_by"])
    return changed


# Citations


@transaction.atomic
def citation_add(
    *, actor: Actor, case: Case, passage: Passage, elements: list[str], quote: str = "", note: str = ""
) -> CoiCitation:
    """Cite a passage (or an exact excerpt of it) in the case, for the elements it supports."""
    if passage.report.organisation_id != case.organisation_id:
        raise DomainError(gettext("This passage is not in the library of the case's organisation."))
    _check_elements(case, elements)
    quote = extraction.normalise(quote) or passage.text
    if quote not in passage.text:
        raise DomainError(gettext("The quotation must be the passage's exact words (or a part of them)."))
    existing = set(case.coi_citations.values_list("key", flat=True))
    number = len(existing) + 1
    while f"coi-{number}" in existing:
        number += 1
    citation = CoiCitation.objects.create(
        case=case, key=f"coi-{number}", passage=passage, report=passage.report, quote=quote, page=passage.page,
        paragraph=passage.paragraph, heading=passage.heading, elements=sorted(set(elements)), note=note,
        created_by=actor_label(actor)[:100],
    )
    audit_record(actor=actor, action="coi.citation.added", obj=citation, object_key=citation.key,
                 organisation_id=case.organisation_id, case_id=case.pk,
                 detail={"report_id": passage.report_id, "passage_id": passage.pk, "elements": citation.elements})
    return citation


def _check_elements(case: Case, elements: list[str]) -> None:
    from article3.rulepacks import load_pack

    known = {element.code for element in load_pack(case.forum).elements}
    unknown = sorted(set(elements) - known)
    if unknown:
        raise DomainError(f"Unknown element codes for forum {case.forum}: {', '.join(unknown)}.")


@transaction.atomic
def citation_remove(*, actor: Actor, citation: CoiCitation) -> None:
    case = citation.case
    audit_record(actor=actor, action="coi.citation.removed", obj=citation, object_key=citation.key,
                 organisation_id=case.organisation_id, case_id=case.pk)
    citation.delete()


# Alerts


@transaction.atomic
def alert_dismiss(*, actor: Actor, alert: CoiAlert) -> CoiAlert:
    if alert.dismissed_at is None:
        alert.dismissed_at = timezone.now()
        alert.dismissed_by = actor_label(actor)[:100]
        alert.save(update_fields=["dismissed_at", "dismissed_by"])
        audit_record(actor=actor, action="coi.alert.dismissed", obj=alert, organisation_id=alert.case.organisation_id,
                     case_id=alert.case_id)
    return alert
