"""Tasks left RUNNING by a worker that died, found and settled when a worker starts.

The database task backend marks a task RUNNING when a worker claims it, and only that worker
ever marks it finished: after a `kill -9`, a crash or a power cut it stays RUNNING for ever,
and the document or bundle it was handling shows "processing" for ever.

Each worker started by `article3 worker` holds an exclusive lock on a file named after its id
(in the data folder's `workers/`) for as long as it lives; the kernel drops the lock when the
process dies, however it dies. A RUNNING task whose worker's lock can be taken was therefore
interrupted. Workers must be started with `article3 worker` (not `manage db_worker`), or their
tasks look interrupted to the next worker that starts.

With `ARTICLE3_TASKS=redis://…` none of this sweep runs: RQ finds and re-delivers an abandoned job
itself (`article3.rqtasks`, which uses RETRY's handlers to tell the record), and the liveness of a
command converting documents is a Redis key that every host can see.

Every task of this project is safe to run again (see RETRY), so an interrupted task is queued
again once; if it is interrupted again it is marked failed instead, since a file or build that
brings its worker down every time would otherwise do so for ever.
"""

import datetime
import fcntl
import logging
import os
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from django.db import transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from article3 import datadir
from article3.cases import interrupted
from article3.words import Words, progress_fields

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 2  # the first run and one retry
RESTARTED = interrupted.RESTARTED


def _document(document_id: int, failed: bool) -> None:
    from article3.evidence.models import Document, Status
    from article3.evidence.services import _document_failed

    document = Document.objects.filter(pk=document_id).first()
    if document is None:
        return
    if not failed:
        Document.objects.filter(pk=document_id).update(status=Status.PROCESSING, **progress_fields(Words(RESTARTED)))
        return
    _document_failed(document=document, code="interrupted", words=Words(INTERRUPTED_TWICE))


INTERRUPTED_TWICE = interrupted.DOCUMENT


def _bundle(build_id: int, failed: bool) -> None:
    from article3.bundles.models import BuildStatus, BundleBuild

    if not failed:
        BundleBuild.objects.filter(pk=build_id).update(status=BuildStatus.QUEUED, progress=RESTARTED)
        return
    BundleBuild.objects.filter(pk=build_id).update(
        status=BuildStatus.FAILED, progress="",
        error_message=interrupted.BUNDLE)


def _generated(generated_id: int, failed: bool) -> None:
    from article3.docs.models import GeneratedDocument, GenStatus

    if not failed:
        GeneratedDocument.objects.filter(pk=generated_id).update(status=GenStatus.QUEUED)
        return
    GeneratedDocument.objects.filter(pk=generated_id).update(
        status=GenStatus.FAILED,
        error_message=interrupted.GENERATED)


def _report_import(job_id: int, failed: bool) -> None:
    from article3.coi.models import ImportStatus, ReportImport

    if not failed:
        ReportImport.objects.filter(pk=job_id).update(status=ImportStatus.QUEUED, progress=RESTARTED)
        return
    ReportImport.objects.filter(pk=job_id).update(
        status=ImportStatus.FAILED, progress="", finished_at=timezone.now(),
        error_message=interrupted.REPORT_IMPORT)


def _export(export_id: int, failed: bool) -> None:
    from article3.exports.models import CaseExport, ExportStatus

    if not failed:
        CaseExport.objects.filter(pk=export_id).update(status=ExportStatus.QUEUED, progress=RESTARTED)
        return
    CaseExport.objects.filter(pk=export_id).update(
        status=ExportStatus.FAILED, progress="", finished_at=timezone.now(),
        error_message=interrupted.EXPORT)


def _extraction(extraction_id: int, failed: bool) -> None:
    from article3.chronology.models import ExtractionStatus, StatementExtraction

    if not failed:
        StatementExtraction.objects.filter(pk=extraction_id).update(status=ExtractionStatus.QUEUED,
                                                                    progress=RESTARTED)
        return
    StatementExtraction.objects.filter(pk=extraction_id).update(
        status=ExtractionStatus.FAILED, progress="", finished_at=timezone.now(),
        error_message=interrupted.EXTRACTION)


def _nothing(_: int, failed: bool) -> None:
    """Tasks with no record of their own to update."""


# task path -> what to tell the record it was handling (given its id, and whether it failed).
# Why each is safe to run again:
# - document_process derives the PDF and page texts from the untouched original again,
#   replacing whatever the interrupted run left;
# - bundle_run_task and generate_document_task build a new output from the case as it stands and
#   store it content-addressed; the interrupted run committed nothing;
# - retention_purge_task purges whatever is due, and a purge commits case by case;
# - reminders_send records each reminder in the transaction that sends it, so a second run
#   skips what was sent;
# - poll_feeds fetches the feeds again, and imports items it has not seen;
# - import_report reads the file kept in the vault again; the library finds a report it already
#   holds by its content, so a second run adds nothing twice;
# - export_make_task makes the file again from the case as it stands and keeps it content-addressed;
#   a finished export is left as it is;
# - statements_extract_task reads the document's text again and replaces the statements it found;
#   a finished reading is left as it is;
# - webhook_deliver sends nothing for a delivery already delivered or given up; receivers tell a
#   repeated message by its X-Article3-Delivery id.
RETRY: dict[str, Callable[[int, bool], None]] = {
    "article3.evidence.tasks.document_process": _document,
    "article3.bundles.tasks.bundle_run_task": _bundle,
    "article3.docs.tasks.generate_document_task": _generated,
    "article3.retention.retention_purge_task": _nothing,
    "article3.deadlines.tasks.reminders_send": _nothing,
    "article3.coi.tasks.poll_feeds": _nothing,
    "article3.coi.tasks.import_report": _report_import,
    "article3.api.tasks.webhook_deliver": _nothing,
    "article3.integrity.fixity_task": _nothing,
    "article3.exports.tasks.export_make_task": _export,
    "article3.chronology.tasks.statements_extract_task": _extraction,
}


class WorkerInterrupted(Exception):
    """Recorded as the failure of a task whose worker died while running it."""


@dataclass
class SweepReport:
    requeued: list[str] = field(default_factory=list)  # task ids
    failed: list[str] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {"requeued": self.requeued, "failed": self.failed}


# --- documents converted outside the worker --------------------------------------------------------

# A document received this long ago and still waiting, with no task for it, was left by a command
# stopped between storing the file and converting it (`evidence add`, `case import`).
RECEIVED_GRACE = datetime.timedelta(minutes=30)


def documents_sweep(*, now: datetime.datetime | None = None) -> SweepReport:
    """Documents left "processing" (or never started) by a command that was stopped: convert them again
    through the worker, once; one that was already restarted and stopped again is marked failed."""
    from django.db.models import Q
    from django.utils import timezone

    from article3.evidence.models import Document, Status
    from article3.evidence.services import _document_failed, _enqueue, document_busy

    report = SweepReport()
    cutoff = (now or timezone.now()) - RECEIVED_GRACE
    stuck = Document.objects.filter(Q(status=Status.PROCESSING) | Q(status=Status.RECEIVED, created_at__lt=cutoff))
    for document in stuck.order_by("pk"):
        if document_busy(document):
            continue
        with transaction.atomic():
            if document.progress == RESTARTED:
                _document_failed(document=document, code="interrupted", words=Words(INTERRUPTED_TWICE))
                report.failed.append(document.key)
                continue
            Document.objects.filter(pk=document.pk).update(status=Status.RECEIVED, processing_by="",
                                                           **progress_fields(Words(RESTARTED)))
            _enqueue(document.pk)
            report.requeued.append(document.key)
    if report.requeued or report.failed:
        logger.warning("Interrupted conversions: %d documents queued again, %d marked failed",
                       len(report.requeued), len(report.failed))
    return report


# --- worker liveness ----------------------------------------------------------------------------

def _locks_dir() -> Path:
    folder = datadir.root() / "workers"
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    return folder


def _lock_path(worker_id: str) -> Path:
    if not worker_id or "/" in worker_id or worker_id.startswith("."):
        raise ValueError("a worker id is a plain name")
    return _locks_dir() / f"{worker_id}.lock"


def distributed() -> bool:
    """Whether tasks go through Redis (several hosts), where liveness is kept in Redis too."""
    from django.conf import settings

    return bool(settings.ARTICLE3_TASKS != "database")


def worker_register() -> tuple[str, IO[bytes] | Any]:
    """A new worker id and its proof of life, held until the returned handle is closed or the
    process ends: a lock file in the data folder (one host), or a Redis key any host can see."""
    if distributed():
        from article3.rqtasks import lease_take

        return lease_take()
    worker_id = f"w-{os.getpid()}-{secrets.token_hex(6)}"
    handle = _lock_path(worker_id).open("wb")
    fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    return worker_id, handle


def worker_alive(worker_id: str) -> bool:
    """Whether a worker of that id holds its lock now (a worker not started by us never does)."""
    if distributed():
        from article3.rqtasks import lease_alive

        return lease_alive(worker_id)
    try:
        path = _lock_path(worker_id)
    except ValueError:
        return False
    try:
        handle = path.open("rb")
    except FileNotFoundError:
        return False
    with handle:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        path.unlink(missing_ok=True)  # a dead worker's file: nobody will hold it again
        return False


# --- the sweep ----------------------------------------------------------------------------------

def tasks_sweep(*, alive: Callable[[str], bool] = worker_alive) -> SweepReport:
    """Settle every RUNNING task whose worker is gone: queue it again, or fail it after MAX_ATTEMPTS."""
    report = SweepReport()
    for row in DBTaskResult.objects.filter(status="RUNNING").order_by("started_at"):
        workers = list(row.worker_ids or [])
        if workers and alive(workers[-1]):
            continue
        with transaction.atomic():
            if _settle(row, again=len(workers) < MAX_ATTEMPTS and row.task_path in RETRY):
                report.requeued.append(str(row.pk))
            else:
                report.failed.append(str(row.pk))
    if report.requeued or report.failed:
        logger.warning("Interrupted tasks: %d queued again, %d marked failed",
                       len(report.requeued), len(report.failed))
    return report


def _settle(row: "DBTaskResult[Any, Any]", *, again: bool) -> bool:
    # Conditional on RUNNING: if the task finished meanwhile, leave it as it is.
    claimed = DBTaskResult.objects.select_for_update().filter(pk=row.pk, status="RUNNING").first()
    if claimed is None:
        return again
    if again:
        claimed.status = "READY"
        claimed.save(update_fields=["status"])
    else:
        claimed.set_failed(WorkerInterrupted(
            f"The worker running this task stopped before it finished ({len(claimed.worker_ids)} attempts)."))
    handler = RETRY.get(claimed.task_path)
    record_id = _record_id(claimed)
    if handler is not None and record_id is not None:
        handler(record_id, not again)
    return again


def _record_id(row: "DBTaskResult[Any, Any]") -> int | None:
    args = (row.args_kwargs or {}).get("args") or []
    first = args[0] if args else None
    return first if isinstance(first, int) and not isinstance(first, bool) else None
