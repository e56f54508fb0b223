"""Files made from a case on the task worker: asked for on a page, made, kept in the vault, downloaded.

The gap report as a PDF, a large case package and a long chronology take longer than a request should (issue 18). A
page records the export and queues it in one transaction; the worker makes the file with the maker
its kind names (by dotted path, so that neither the web's start nor the command line imports the PDF
or zip code for it) and keeps it in the vault, encrypted like every other file, where any web host
can serve it. A case keeps its latest file of each kind: a new one replaces the one before.
"""

import logging
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext, gettext_noop

from article3.audit.services import Actor, actor_label, audit_record
from article3.cases.models import Case
from article3.errors import DomainError
from article3.evidence.shredding import blob_keep_or_put, shred_unreferenced
from article3.evidence.storage import plain_chunks, vault
from article3.exports.models import CaseExport, ExportKind, ExportStatus
from article3.tasking import enqueue_with_transaction
from article3.words import NO_PROGRESS, Words, progress_fields

logger = logging.getLogger(__name__)

# Told each step: words (article3.words), or a msgid with no parameters.
Progress = Callable[[Words | str], None]

# Kept on the export in English, and shown in the reader's language (both are in the catalogue).
WAITING = gettext_noop("Waiting for the worker to start")
COULD_NOT = gettext_noop("The file could not be made. Try again; if it fails again, ask your administrator.")


@dataclass(frozen=True)
class Made:
    """What a maker leaves in its folder: the file, and the name and type it is downloaded under."""

    path: Path
    filename: str
    content_type: str


# kind -> maker(*, actor, case, options, folder, progress) -> Made; the maker audits what it made.
MAKERS: dict[str, str] = {
    ExportKind.GAP_REPORT: "article3.claims.services.gap_report_make",
    ExportKind.CASE_PACKAGE: "article3.interchange.exporter.case_package_make",
    ExportKind.CHRONOLOGY_PDF: "article3.chronology.export.chronology_pdf_make",
    ExportKind.CHRONOLOGY_DOCX: "article3.chronology.export.chronology_docx_make",
}


def export_request(*, actor: Actor, case: Case, kind: str, options: dict[str, Any] | None = None) -> CaseExport:
    """Record an export and queue it for the worker, in one transaction. While the same export (kind
    and options) is still waiting or being made, asking again (a second click) returns that one."""
    if kind not in MAKERS:
        raise DomainError(f"Unknown kind of export '{kind}'.")
    options = options or {}
    with transaction.atomic():
        pending = CaseExport.objects.filter(case=case, kind=kind,
                                            status__in=[ExportStatus.QUEUED, ExportStatus.RUNNING])
        same = next((e for e in pending if e.options == options), None)
        if same is not None:
            return same
        export = CaseExport.objects.create(case=case, kind=kind, options=options, **progress_fields(WAITING),
                                           requested_by=actor_label(actor)[:100],
                                           requested_by_user_id=getattr(actor, "pk", None))
        audit_record(actor=actor, action="exports.export.requested", obj=export, organisation_id=case.organisation_id,
                     case_id=case.pk, detail={"kind": kind, **options})
        from article3.exports.tasks import export_make_task

        enqueue_with_transaction(export_make_task, export.pk)
    return export


def export_make(*, export: CaseExport) -> CaseExport:
    """Make the export's file (on the worker), each step shown on its page. Safe to run again: a
    finished export is left as it is; an interrupted one is made again from the case as it stands."""
    if export.finished:
        return export
    _step(export, status=ExportStatus.RUNNING, **progress_fields(gettext_noop("Starting")))
    maker = import_string(MAKERS[export.kind])
    try:
        with tempfile.TemporaryDirectory(prefix="article3-export-") as folder:
            made = maker(actor=_requester(export), case=export.case, options=export.options, folder=Path(folder),
                         progress=lambda words: _step(export, **progress_fields(words)))
            _keep(export, made)
    except DomainError as exc:
        _step(export, status=ExportStatus.FAILED, error_message=str(exc), finished_at=timezone.now(), **NO_PROGRESS)
    except Exception:
        logger.exception("export %s failed", export.pk)  # the traceback names no case content
        _step(export, status=ExportStatus.FAILED, error_message=COULD_NOT, finished_at=timezone.now(), **NO_PROGRESS)
        raise
    return export


def _requester(export: CaseExport) -> Actor:
    """The person who asked, so that what the maker audits names them; their label if they are gone."""
    user_id = export.requested_by_user_id
    user = get_user_model().objects.filter(pk=user_id).first() if user_id is not None else None
    return user if user is not None else export.requested_by


def _keep(export: CaseExport, made: Made) -> None:
    with made.path.open("rb") as handle:
        sha = vault().put(stream=handle).sha256
    with transaction.atomic():
        blob_keep_or_put(sha, made.path)
        earlier = CaseExport.objects.filter(case_id=export.case_id, kind=export.kind,
                                            status=ExportStatus.DONE).exclude(pk=export.pk)
        replaced = [s for s in earlier.values_list("sha256", flat=True) if s != sha]
        earlier.delete()
        _step(export, status=ExportStatus.DONE, **NO_PROGRESS, sha256=sha, filename=made.filename[:255],
              content_type=made.content_type, bytes=made.path.stat().st_size, finished_at=timezone.now())
        transaction.on_commit(lambda: shred_unreferenced(replaced))


def _step(export: CaseExport, **changes: Any) -> None:
    for name, value in changes.items():
        setattr(export, name, value)
    export.save(update_fields=list(changes))


def export_download(*, actor: Actor, export: CaseExport) -> Iterator[bytes]:
    """The made file's content, read from the vault once the response starts; each download audited."""
    if export.status != ExportStatus.DONE:
        raise DomainError(gettext("This file is not ready yet."))
    audit_record(actor=actor, action="exports.file.downloaded", obj=export, organisation_id=export.case.organisation_id,
                 case_id=export.case_id, detail={"kind": export.kind, "bytes": export.bytes})
    return plain_chunks(export.sha256)
