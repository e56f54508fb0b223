"""Evidence writes: intake into the vault, processing into a searchable PDF, metadata edits."""

import errno
import hashlib
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, ngettext

from article3.audit.services import Actor, actor_label, audit_record
from article3.cases.models import Case
from article3.cases.services import unique_key
from article3.errors import DomainError, StaleEdit
from article3.evidence.filenames import decode_name, plain_line, safe_filename, title_from_filename
from article3.evidence.ingest import DEFAULT_LIMITS, IngestError, sniff
from article3.evidence.models import (
    CustodyEntry,
    Document,
    DocumentKind,
    DocumentPage,
    MedicalFinding,
    PreviousOriginal,
    Status,
)
from article3.evidence.storage import vault
from article3.tasking import enqueue_with_transaction
from article3.versioning import versioned_update
from article3.words import NO_PROGRESS, Words, kept_fields, progress_fields

CHUNK = 1024 * 1024


def _audit(actor: Actor, action: str, document: Document, **detail: Any) -> None:
    audit_record(actor=actor, action=action, obj=document, object_key=document.key,
                 organisation_id=document.case.organisation_id, case_id=document.case_id, detail=detail)


def _spool(stream: BinaryIO, folder: Path, limit: int) -> tuple[Path, int]:
    """Copy the upload to a private temporary file, refusing it as soon as it passes the limit."""
    path, size = folder / "upload", 0
    with path.open("wb") as out:
        while chunk := stream.read(CHUNK):
            size += len(chunk)
            if size > limit:
                raise DomainError(_("This file is larger than the %(mb)s MB limit per file.")
                                  % {"mb": limit // 1_048_576})
            out.write(chunk)
    if size == 0:
        raise DomainError(_("This file is empty (0 bytes), so there is nothing to keep. The copy or the upload may "
                            "have failed: open the original on your computer to check it has content, then upload "
                            "it again; if it is empty there too, ask the sender for a new copy."))
    return path, size


def _check_case_space(case: Case, size: int) -> None:
    used = case.documents.aggregate(total=Sum("original_size"))["total"] or 0
    if used + size > settings.MAX_CASE_BYTES:
        raise DomainError(_("This case has reached its storage limit of %(mb)s MB.")
                          % {"mb": settings.MAX_CASE_BYTES // 1_048_576})


def document_add(
    *, actor: Actor, case: Case, stream: BinaryIO, filename: str, kind: str, title: str = "",
    language: str = "", date: str = "", author: str = "", received_from: str = "",
    received_how: str = "", key: str = "", process: bool = True, allow_duplicate: bool = False,
) -> Document:
    """Take a file in: typed by content, stored encrypted before its row commits, then processed.

    Raises DomainError (nothing stored) for files of a type we do not accept or over the limits, and
    for a file already in the case (unless `allow_duplicate`, for case packages taken as they are).
    """
    if kind not in DocumentKind.values:
        raise DomainError(f"Unknown kind '{kind}'; choose one of {', '.join(DocumentKind.values)}.")
    with tempfile.TemporaryDirectory(prefix="article3-upload-") as tmp:
        spooled, size = _spool(stream, Path(tmp), settings.MAX_FILE_BYTES)
        _check_case_space(case, size)
        if not allow_duplicate:
            _refuse_duplicate(case, file_sha256(spooled))
        sniffed = _sniff(spooled)
        pages = _pages_to_queue(case, spooled, sniffed.kind) if process else 0
        stored = _store(spooled)  # durable before the row that points at it commits
        with transaction.atomic():
            _keep_stored(stored.sha256, spooled)
            document = _document_create(
                actor=actor, case=case, key=key, kind=kind, title=plain_line(title) or title_from_filename(filename),
                language=language, date=date, author=author, received_from=received_from,
                received_how=received_how, original_sha256=stored.sha256, original_size=size,
                original_name=safe_filename(decode_name(filename)), original_type=sniffed.kind, pages=pages,
            )
            if process:
                _enqueue(document.pk)
    return document


WAITING = (Status.RECEIVED, Status.PROCESSING)


def _pages_to_queue(case: Case, path: Path, kind: str) -> int:
    """The file's pages, refused if they would put the organisation's queue over its limit.

    A queued document's `pages` holds this count until its conversion sets the real one. A file
    arriving at an empty queue is always taken (the page limit per file still applies), so a large
    scan waits for nobody but itself; a file that would overfill a busy queue is refused, not kept."""
    from article3.evidence.ingest.sandbox import run_isolated

    pages = 1
    if kind in ("pdf", "tiff"):
        try:
            pages = int(run_isolated("page_count", {"path": path, "kind": kind}, timeout_s=30,
                                     max_rss_bytes=512 * 1_048_576))
        except (IngestError, OSError):
            pages = 1  # the conversion says what is wrong with the file
    limit = settings.OCR_QUEUE_PAGES
    queued = Document.objects.filter(case__organisation_id=case.organisation_id, status__in=WAITING).aggregate(
        total=Sum("pages"))["total"] or 0
    if queued and queued + pages > limit:
        raise DomainError(ngettext(
            "Your organisation already has %(queued)s page waiting to be converted, "
            "and this file has %(pages)s more: together over the limit of %(limit)s pages waiting at once, which "
            "keeps one large upload from holding up everyone's documents. This file was not stored. Upload it "
            "again when the documents being converted now are ready.",
            "Your organisation already has %(queued)s pages waiting to be converted, "
            "and this file has %(pages)s more: together over the limit of %(limit)s pages waiting at once, which "
            "keeps one large upload from holding up everyone's documents. This file was not stored. Upload it "
            "again when the documents being converted now are ready.", queued) % {
                "queued": queued, "pages": pages, "limit": limit})
    return pages


def _refuse_duplicate(case: Case, sha: str) -> None:
    """The same file twice in a case would be filed twice and counted as two sources: refuse it,
    naming the document it already is (a withdrawn one can be restored instead)."""
    twin = case.documents.filter(original_sha256=sha).order_by("pk").first() or \
        case.documents.filter(previous_originals__sha256=sha).order_by("pk").first()
    if twin is None:
        return
    where = _("This file is already uploaded as %(name)s.")
    if twin.original_sha256 != sha:
        where = _("This file is an earlier original of %(name)s, which was replaced.")
    advice = (_("It is withdrawn: open it and restore it instead.") if twin.withdrawn
              else _("Nothing was stored again; open that document to use it."))
    raise DomainError(f"{where % {'name': document_name(twin)}} {advice}")


def document_name(document: Document) -> str:
    """How a lawyer knows the document: its exhibit letter in the latest bundle, if any, and its title."""
    from article3.bundles.models import BundleBuild

    build = BundleBuild.objects.filter(case_id=document.case_id, status="done").order_by("-pk").first()
    letter = next((str(e.get("label", "")) for e in (build.exhibits if build else [])
                   if e.get("key") == document.key and e.get("label")), "")
    title = f"\u2018{document.label}\u2019"
    return _("Exhibit %(letter)s, %(title)s") % {"letter": letter, "title": title} if letter else title


def _sniff(path: Path) -> Any:
    try:
        return sniff(path=path, limits=DEFAULT_LIMITS)
    except IngestError as exc:
        raise DomainError(exc.words.text()) from exc


def _keep_stored(sha: str, path: Path) -> None:
    """The same content may be in a case being purged: keep the blob from being shredded until
    our row commits, and store the file again if a purge shredded it since `_store`."""
    from article3.evidence.shredding import blob_keep

    if not blob_keep(sha):
        _store(path)


def _store(path: Path) -> Any:
    """Put a file in the vault; a full disk is a clear refusal, and nothing half-written stays."""
    try:
        with path.open("rb") as handle:
            return vault().put(stream=handle)
    except OSError as exc:
        if exc.errno in (errno.ENOSPC, errno.EDQUOT):
            raise DomainError(_("The server's storage is full, so this file was not stored. Ask your "
                                "administrator to free space, then upload it again.")) from exc
        raise


def _enqueue(document_id: int) -> None:
    from article3.evidence.tasks import document_process

    enqueue_with_transaction(document_process, document_id)


@transaction.atomic
def _document_create(*, actor: Actor, case: Case, key: str, **fields: Any) -> Document:
    _validate_date(fields.get("date", ""))
    existing = set(case.documents.values_list("key", flat=True))
    if key and key in existing:
        raise DomainError(f"A document with key '{key}' already exists in this case.")
    key = key or unique_key(existing=existing, prefix="d")
    document = Document.objects.create(case=case, key=key, **fields)
    CustodyEntry.objects.create(
        document=document, actor=actor_label(actor), action="received",
        output_sha256=document.original_sha256,
        note=f"original received ({document.original_type}, {document.original_size} bytes)",
    )
    _audit(actor, "evidence.document.added", document, kind=document.kind)
    return document


def _validate_date(text: str) -> None:
    from article3.chronology.services import validate_date

    validate_date(text)


Progress = Callable[[int, int, str], None]


def document_process(*, document: Document, ocr: bool = True, progress: Progress | None = None,
                     holder: str = "") -> Document:
    """Derive the working PDF and page texts. A failure is recorded on the document, never raised.

    `holder` names the lock of a process converting outside the worker (`evidence add`), so that a
    document it leaves half-done when killed is found and converted again.
    """
    from article3.evidence.ingest import ingest_file_isolated

    Document.objects.filter(pk=document.pk).update(status=Status.PROCESSING, processing_by=holder,
                                                   **progress_fields(STARTING))
    with tempfile.TemporaryDirectory(prefix="article3-ingest-") as tmp:
        source = Path(tmp) / "original"
        with source.open("wb") as out:
            for chunk in vault().iter_plain(document.original_sha256):
                out.write(chunk)
        try:
            _, derived = ingest_file_isolated(
                source=source, workdir=Path(tmp), language=document.language or None,
                max_bytes=settings.MAX_FILE_BYTES, ocr=ocr, progress=_progress_saver(document, progress),
            )
        except IngestError as exc:
            return _document_failed(document=document, code=exc.code, words=exc.words)
        with derived.path.open("rb") as handle:
            stored = vault().put(stream=handle)
        return _document_ready(document=document, derived=derived, derived_sha256=stored.sha256)


STARTING = Words(gettext_noop("starting"))
# The converter's steps (article3.evidence.ingest.convert), as the upload row and the document page say them.
STEP_WORDS = {"converting": gettext_noop("converting to PDF"), "cleaning": gettext_noop("cleaning the PDF"),
              "reading text": gettext_noop("reading the text"), "checking": gettext_noop("checking the result"),
              "done": gettext_noop("finishing")}


def progress_words(done: int, total: int, step: str) -> Words:
    """What the worker is doing, as the upload row and the document page show it."""
    if step == "ocr":
        return Words(gettext_noop("reading scanned pages: %(done)s of %(total)s pages done"),
                     {"done": done, "total": total})
    if step == "blank check":
        return Words(gettext_noop("looking for blank pages: %(done)s of %(total)s scanned pages checked"),
                     {"done": done, "total": total})
    return Words(gettext_noop("%(step)s (step %(number)s of %(total)s)"), {
        "step": Words(STEP_WORDS.get(step, STEP_WORDS["converting"])), "number": min(done + 1, total), "total": total})


def _progress_saver(document: Document, progress: Progress | None) -> Progress:
    def save(done: int, total: int, step: str) -> None:
        Document.objects.filter(pk=document.pk).update(**progress_fields(progress_words(done, total, step)))
        if progress is not None:
            progress(done, total, step)

    return save


NO_ERROR: dict[str, Any] = {"error_code": "", "error_message": "", "error_words": {}}


@transaction.atomic
def _document_failed(*, document: Document, code: str, words: Words) -> Document:
    """Why the document could not be converted: in English for the record, and in words for the pages."""
    Document.objects.filter(pk=document.pk).update(
        status=Status.FAILED, error_code=code, warnings=[], warning_words=[], processing_by="", pages=0,
        **kept_fields(words, text="error_message", kept="error_words"), **NO_PROGRESS)
    CustodyEntry.objects.create(document=document, actor="system", action="failed",
                                input_sha256=document.original_sha256, note=f"not converted: {code}")
    _audit("system", "evidence.document.failed", document, code=code)
    document.refresh_from_db()
    return document


def empty_pages_warning(page_texts: list[str], blank: Iterable[int] = ()) -> list[Words]:
    """A sentence naming the pages with no text at all (a scan OCR could not read, or a blank page).

    Pages found blank before OCR have their own warning and are not named again."""
    known = set(blank)
    empty = [number for number, text in enumerate(page_texts, start=1) if not text.strip() and number not in known]
    if not empty:
        return []
    shown = ", ".join(str(n) for n in empty[:20]) + (", ..." if len(empty) > 20 else "")
    if len(empty) == len(page_texts):
        return [Words(gettext_noop("All pages have no text (pages: %(pages)s): search, quotes and the gap report "
                                   "cannot use them. If they are scans, replace the original with a clearer scan, or "
                                   "process it again."), {"pages": shown})]
    return [Words(gettext_noop("%(count)s of %(total)s pages have no text (pages: %(pages)s): search, quotes and the "
                               "gap report cannot use them. If they are scans, replace the original with a clearer "
                               "scan, or process it again."),
                  {"count": len(empty), "total": len(page_texts), "pages": shown})]


@transaction.atomic
def _document_ready(*, document: Document, derived: Any, derived_sha256: str) -> Document:
    _keep_stored(derived_sha256, derived.path)
    DocumentPage.objects.filter(document=document).delete()
    DocumentPage.objects.bulk_create(
        # A page found blank before OCR counts as read by OCR with nothing found: flagged like a failed scan.
        DocumentPage(document=document, number=i, text=text, ocr=i in derived.ocr_pages or i in derived.blank_pages)
        for i, text in enumerate(derived.page_texts, start=1)
    )
    flags = (["repaired"] if derived.repaired else []) + [f"active_content:{a}" for a in derived.active_content]
    flags += [f"ocr:{len(derived.ocr_pages)} pages"] if derived.ocr_pages else []
    warnings = [*derived.warnings, *empty_pages_warning(derived.page_texts, derived.blank_pages)]
    Document.objects.filter(pk=document.pk).update(
        status=Status.READY, derived_sha256=derived_sha256, pages=derived.pages, flags=flags,
        warnings=[str(w) for w in warnings], warning_words=[w.as_json() for w in warnings], processing_by="",
        **NO_ERROR, **NO_PROGRESS)
    for step in derived.steps:
        CustodyEntry.objects.create(
            document=document, actor="system", action="derived", input_sha256=step.input_sha256,
            output_sha256=step.output_sha256, tool=step.tool[:80], tool_version=step.tool_version[:80],
            note=step.action[:300])
    _audit("system", "evidence.document.processed", document, pages=derived.pages, flags=flags)
    document.refresh_from_db()
    return document


def document_busy(document: Document) -> bool:
    """Whether something is converting the document now: a live `evidence add`, or a queued or running task."""
    from article3.evidence.tasks import document_process as task
    from article3.tasking import task_pending
    from article3.tasks_sweep import worker_alive

    if document.processing_by and worker_alive(document.processing_by):
        return True
    return task_pending(task, document.pk)


@transaction.atomic
def document_reprocess(*, actor: Actor, document: Document) -> Document:
    """Convert the document again from its untouched original (after an interruption, or a failure)."""
    current = Document.objects.select_for_update().get(pk=document.pk)
    if current.status == Status.PROCESSING and document_busy(current):
        raise DomainError(_("This document is being converted now; wait for it to finish."))
    Document.objects.filter(pk=current.pk).update(status=Status.RECEIVED, processing_by="", **NO_PROGRESS)
    CustodyEntry.objects.create(document=current, actor=actor_label(actor), action="requeued",
                                input_sha256=current.original_sha256, note="conversion started again")
    _audit(actor, "evidence.document.requeued", current, status_before=current.status)
    _enqueue(current.pk)
    current.refresh_from_db()
    return current


def _field_words(name: str) -> str:
    """A field as the custody trail names it: "translator competence", not `translator_competence`."""
    try:
        field = Document._meta.get_field(name)
    except FieldDoesNotExist:
        return name.replace("_", " ")
    return str(getattr(field, "verbose_name", name.replace("_", " ")))


@transaction.atomic
def document_update(*, actor: Actor, document: Document, expected_version: int,
                    changes: dict[str, Any]) -> Document:
    _validate_date(str(changes.get("date", "")))
    if "title" in changes:
        changes = {**changes, "title": plain_line(str(changes["title"] or ""))}
    document = versioned_update(document, expected_version=expected_version, changes=changes)
    CustodyEntry.objects.create(document=document, actor=actor_label(actor), action="metadata",
                                note="details edited: " + ", ".join(sorted(_field_words(f) for f in changes))[:280])
    _audit(actor, "evidence.document.updated", document, fields=sorted(changes))
    return document


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def copy_plain(sha: str, dest: Path) -> Path:
    """Decrypt a vault file to `dest` (for tools that need a path)."""
    with dest.open("wb") as out:
        for chunk in vault().iter_plain(sha):
            out.write(chunk)
    return dest


@dataclass(frozen=True)
class Replacement:
    document: Document
    previous_sha256: str
    translations_for_review: int  # translations of the document, each now marked for review


def document_replace(*, actor: Actor, document: Document, stream: BinaryIO, filename: str, reason: str,
                     expected_version: int | None = None, process: bool = True) -> Replacement:
    """A new version of the original (a better scan, a corrected report), processed like an upload.

    The previous original stays in the vault and in the custody history. Its translations now
    translate something else, so each is marked for review. `expected_version` is the version the
    editor saw (None: the one loaded); a replace over someone else's change raises StaleEdit.
    Raises DomainError, with nothing stored or changed, for a file refused or the same as before.
    """
    reason = " ".join(reason.split())
    if not reason:
        raise DomainError(_("Give the reason for replacing the original (for example: better scan received "
                            "from the clinic); the chain of custody records it."))
    version = document.version if expected_version is None else expected_version
    _refuse_if_stale(document, version, filename)  # before storing: a stale replace leaves nothing behind
    with tempfile.TemporaryDirectory(prefix="article3-upload-") as tmp:
        spooled, size = _spool(stream, Path(tmp), settings.MAX_FILE_BYTES)
        if file_sha256(spooled) == document.original_sha256:
            raise DomainError(_("This file is the same as the current original; choose the new version."))
        _check_case_space(document.case, size - document.original_size)
        sniffed = _sniff(spooled)
        stored = _store(spooled)
        original = {"original_sha256": stored.sha256, "original_size": size, "original_type": sniffed.kind,
                    "original_name": safe_filename(decode_name(filename))}
        with transaction.atomic():
            _keep_stored(stored.sha256, spooled)
            replaced = _document_replaced(actor=actor, document=document, version=version, reason=reason,
                                          original=original)
            if process:
                _enqueue(document.pk)
    return replaced


def _refuse_if_stale(document: Document, version: int, filename: str) -> None:
    current = Document.objects.get(pk=document.pk)
    if current.version != version:
        raise StaleEdit(current=current, submitted={"original_name": safe_filename(decode_name(filename))})


@transaction.atomic
def _document_replaced(*, actor: Actor, document: Document, version: int, reason: str,
                       original: dict[str, Any]) -> Replacement:
    before = Document.objects.select_for_update().get(pk=document.pk)
    # Everything derived from the previous original goes with it; processing derives it again.
    replaced = versioned_update(before, expected_version=version, changes={
        **original, "derived_sha256": "", "pages": 0, "flags": [], "warnings": [], "warning_words": [],
        "status": Status.RECEIVED, **NO_PROGRESS, **NO_ERROR})
    DocumentPage.objects.filter(document=replaced).delete()
    flagged = replaced.translations.update(needs_review=True)
    PreviousOriginal.objects.create(document=replaced, sha256=before.original_sha256, size=before.original_size,
                                    original_type=before.original_type, original_name=before.original_name)
    note = f"{reason} (previous original: {before.original_name}, {before.original_size} bytes)"
    CustodyEntry.objects.create(document=replaced, actor=actor_label(actor), action="replaced",
                                input_sha256=before.original_sha256, output_sha256=replaced.original_sha256,
                                note=note[:300])
    _audit(actor, "evidence.document.replaced", replaced, previous_sha256=before.original_sha256,
           sha256=replaced.original_sha256, translations_for_review=flagged)
    return Replacement(document=replaced, previous_sha256=before.original_sha256, translations_for_review=flagged)


@transaction.atomic
def document_withdraw(*, actor: Actor, document: Document, reason: str, expected_version: int) -> Document:
    """Take the document out of the checks, the gap report, the matrix and bundles, keeping it.

    The original stays in the vault and the history; `document_restore` brings it back."""
    reason = plain_line(reason)[:300]
    if not reason:
        raise DomainError(_("Give the reason for withdrawing the document (for example: the client says it is "
                            "not genuine); the history records it."))
    if document.withdrawn:
        raise DomainError(_("This document is already withdrawn."))
    document = versioned_update(document, expected_version=expected_version,
                                changes={"withdrawn_at": timezone.now(), "withdrawn_reason": reason})
    CustodyEntry.objects.create(document=document, actor=actor_label(actor), action="withdrawn",
                                input_sha256=document.original_sha256, note=f"withdrawn: {reason}"[:300])
    _audit(actor, "evidence.document.withdrawn", document)
    return document


@transaction.atomic
def document_restore(*, actor: Actor, document: Document, expected_version: int) -> Document:
    """Bring a withdrawn document back into the checks and bundles."""
    if not document.withdrawn:
        raise DomainError(_("This document is not withdrawn."))
    document = versioned_update(document, expected_version=expected_version,
                                changes={"withdrawn_at": None, "withdrawn_reason": ""})
    CustodyEntry.objects.create(document=document, actor=actor_label(actor), action="restored",
                                input_sha256=document.original_sha256, note="restored after withdrawal")
    _audit(actor, "evidence.document.restored", document)
    return document


@transaction.atomic
def document_bundle_exclude(*, actor: Actor, document: Document, excluded: bool, expected_version: int) -> Document:
    """Leave the document out of the bundle (or put it back), without withdrawing it from the case."""
    document = versioned_update(document, expected_version=expected_version, changes={"bundle_excluded": excluded})
    CustodyEntry.objects.create(document=document, actor=actor_label(actor), action="metadata",
                                note="left out of the bundle" if excluded else "put back in the bundle")
    _audit(actor, "evidence.document.bundle_excluded" if excluded else "evidence.document.bundle_included",
           document)
    return document


# Findings of medical and psychological reports

FINDING_FIELDS = ("finding", "attributed_to", "consistency", "event")


def _finding_checked(document: Document, changes: dict[str, Any]) -> dict[str, Any]:
    if not str(changes.get("finding", "")).strip():
        raise DomainError(_("Write the finding as the report states it."))
    event = changes.get("event")
    if event is not None and event.case_id != document.case_id:
        raise DomainError(_("That event is not in this case."))
    return changes


def _finding_audit(actor: Actor, action: str, finding: MedicalFinding) -> None:
    document = finding.document
    audit_record(actor=actor, action=action, obj=finding, object_key=document.key,
                 organisation_id=document.case.organisation_id, case_id=document.case_id,
                 detail={"consistency": finding.consistency})


@transaction.atomic
def finding_add(*, actor: Actor, document: Document, **fields: Any) -> MedicalFinding:
    """Record a finding of a medical or psychological report (with its Istanbul Protocol level)."""
    finding = MedicalFinding.objects.create(document=document, **_finding_checked(document, fields))
    _finding_audit(actor, "evidence.finding.added", finding)
    return finding


@transaction.atomic
def finding_update(*, actor: Actor, finding: MedicalFinding, expected_version: int,
                   changes: dict[str, Any]) -> MedicalFinding:
    current = {name: getattr(finding, name) for name in FINDING_FIELDS}
    changes = _finding_checked(finding.document, {**current, **changes})
    updated = versioned_update(finding, expected_version=expected_version, changes=changes)
    _finding_audit(actor, "evidence.finding.updated", updated)
    return updated


@transaction.atomic
def finding_delete(*, actor: Actor, finding: MedicalFinding) -> None:
    _finding_audit(actor, "evidence.finding.deleted", finding)
    finding.delete()
