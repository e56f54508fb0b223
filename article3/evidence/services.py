"""Evidence writes: intake into the vault, processing into a searchable PDF, metadata edits."""

import errno
import hashlib
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from django.conf import settings
from django.db import transaction
from django.db.models import Sum

from article3.audit.services import Actor, actor_label, audit_record
from article3.cases.models import Case
from article3.cases.services import unique_key
from article3.errors import DomainError, StaleEdit
from article3.evidence.filenames import safe_filename
from article3.evidence.ingest import DEFAULT_LIMITS, IngestError, sniff
from article3.evidence.models import CustodyEntry, Document, DocumentKind, DocumentPage, PreviousOriginal, Status
from article3.evidence.storage import vault
from article3.tasking import enqueue_with_transaction
from article3.versioning import versioned_update

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
                raise DomainError(f"This file is larger than the {limit // 1_048_576} MB limit per file.")
            out.write(chunk)
    if size == 0:
        raise DomainError("This file is empty.")
    return path, size


def _check_case_space(case: Case, size: int) -> None:
    used = case.documents.aggregate(total=Sum("original_size"))["total"] or 0
    if used + size > settings.MAX_CASE_BYTES:
        raise DomainError(f"This case has reached its storage limit of {settings.MAX_CASE_BYTES // 1_048_576} MB.")


def document_add(
    *, actor: Actor, case: Case, stream: BinaryIO, filename: str, kind: str, title: str = "",
    language: str = "", date: str = "", author: str = "", received_from: str = "",
    received_how: str = "", key: str = "", process: bool = True,
) -> Document:
    """Take a file in: typed by content, stored encrypted before its row commits, then processed.

    Raises DomainError (nothing stored) for files of a type we do not accept or over the limits.
    """
    if kind not in DocumentKind.values:
        raise DomainError(f"Unknown kind '{kind}'; choose one of {', '.join(DocumentKind.values)}.")
    with tempfile.TemporaryDirectory(prefix="article3-upload-") as tmp:
        spooled, size = _spool(stream, Path(tmp), settings.MAX_FILE_BYTES)
        _check_case_space(case, size)
        sniffed = _sniff(spooled)
        stored = _store(spooled)  # durable before the row that points at it commits
        with transaction.atomic():
            _keep_stored(stored.sha256, spooled)
            document = _document_create(
                actor=actor, case=case, key=key, kind=kind, title=title or Path(filename).stem[:300],
                language=language, date=date, author=author, received_from=received_from,
                received_how=received_how, original_sha256=stored.sha256, original_size=size,
                original_name=safe_filename(filename), original_type=sniffed.kind,
            )
            if process:
                _enqueue(document.pk)
    return document


def _sniff(path: Path) -> Any:
    try:
        return sniff(path=path, limits=DEFAULT_LIMITS)
    except IngestError as exc:
        raise DomainError(exc.message) from exc


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
            raise DomainError("The server's storage is full, so this file was not stored. Ask your "
                              "administrator to free space, then upload it again.") from exc
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


def document_process(*, document: Document, ocr: bool = True, progress: Progress | None = None) -> Document:
    """Derive the working PDF and page texts. A failure is recorded on the document, never raised."""
    from article3.evidence.ingest import ingest_file_isolated

    Document.objects.filter(pk=document.pk).update(status=Status.PROCESSING, progress="starting")
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
            return _document_failed(document=document, code=exc.code, message=exc.message)
        with derived.path.open("rb") as handle:
            stored = vault().put(stream=handle)
        return _document_ready(document=document, derived=derived, derived_sha256=stored.sha256)


def _progress_saver(document: Document, progress: Progress | None) -> Progress:
    def save(done: int, total: int, step: str) -> None:
        Document.objects.filter(pk=document.pk).update(progress=f"{step}: {done} of {total}")
        if progress is not None:
            progress(done, total, step)

    return save


@transaction.atomic
def _document_failed(*, document: Document, code: str, message: str) -> Document:
    Document.objects.filter(pk=document.pk).update(
        status=Status.FAILED, error_code=code, error_message=message, progress="")
    CustodyEntry.objects.create(document=document, actor="system", action="failed",
                                input_sha256=document.original_sha256, note=f"not converted: {code}")
    _audit("system", "evidence.document.failed", document, code=code)
    document.refresh_from_db()
    return document


@transaction.atomic
def _document_ready(*, document: Document, derived: Any, derived_sha256: str) -> Document:
    _keep_stored(derived_sha256, derived.path)
    DocumentPage.objects.filter(document=document).delete()
    DocumentPage.objects.bulk_create(
        DocumentPage(document=document, number=i, text=text, ocr=i in derived.ocr_pages)
        for i, text in enumerate(derived.page_texts, start=1)
    )
    flags = (["repaired"] if derived.repaired else []) + [f"active_content:{a}" for a in derived.active_content]
    flags += [f"ocr:{len(derived.ocr_pages)} pages"] if derived.ocr_pages else []
    Document.objects.filter(pk=document.pk).update(
        status=Status.READY, derived_sha256=derived_sha256, pages=derived.pages, flags=flags,
        error_code="", error_message="", progress="")
    for step in derived.steps:
        CustodyEntry.objects.create(
            document=document, actor="system", action="derived", input_sha256=step.input_sha256,
            output_sha256=step.output_sha256, tool=step.tool[:80], tool_version=step.tool_version[:80],
            note=step.action[:300])
    _audit("system", "evidence.document.processed", document, pages=derived.pages, flags=flags)
    document.refresh_from_db()
    return document


@transaction.atomic
def document_update(*, actor: Actor, document: Document, expected_version: int,
                    changes: dict[str, Any]) -> Document:
    _validate_date(str(changes.get("date", "")))
    document = versioned_update(document, expected_version=expected_version, changes=changes)
    CustodyEntry.objects.create(document=document, actor=actor_label(actor), action="metadata",
                                note="metadata edited: " + ", ".join(sorted(changes))[:280])
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
        raise DomainError("Give the reason for replacing the original (for example: better scan received "
                          "from the clinic); the chain of custody records it.")
    version = document.version if expected_version is None else expected_version
    _refuse_if_stale(document, version, filename)  # before storing: a stale replace leaves nothing behind
    with tempfile.TemporaryDirectory(prefix="article3-upload-") as tmp:
        spooled, size = _spool(stream, Path(tmp), settings.MAX_FILE_BYTES)
        if file_sha256(spooled) == document.original_sha256:
            raise DomainError("This file is the same as the current original; choose the new version.")
        _check_case_space(document.case, size - document.original_size)
        sniffed = _sniff(spooled)
        stored = _store(spooled)
        original = {"original_sha256": stored.sha256, "original_size": size, "original_type": sniffed.kind,
                    "original_name": safe_filename(filename)}
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
        raise StaleEdit(current=current, submitted={"original_name": safe_filename(filename)})


@transaction.atomic
def _document_replaced(*, actor: Actor, document: Document, version: int, reason: str,
                       original: dict[str, Any]) -> Replacement:
    before = Document.objects.select_for_update().get(pk=document.pk)
    # Everything derived from the previous original goes with it; processing derives it again.
    replaced = versioned_update(before, expected_version=version, changes={
        **original, "derived_sha256": "", "pages": 0, "flags": [], "status": Status.RECEIVED,
        "progress": "", "error_code": "", "error_message": ""})
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
