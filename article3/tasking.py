"""Queueing background work so that it commits together with the record it works on."""

import datetime
import logging
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks.base import Task
from django_tasks_db.backend import DatabaseBackend

logger = logging.getLogger(__name__)


def enqueue_with_transaction(task: Task[Any, Any], *args: Any) -> None:
    """Queue `task` as part of the current transaction where the backend allows it.

    The database backend writes the task row through the same connection, so the record (a
    document, a build) and the task that processes it commit together: a process killed right
    after the commit cannot leave a record that nothing will ever process. Any other backend
    (the immediate one in tests, a broker) runs or sends the task at once, so it waits for the
    commit, as it must not see a record that may still roll back; for a broker, a note written with
    the record covers the moment between the commit and the sending.
    """
    backend = task.get_backend()
    if isinstance(backend, DatabaseBackend):
        task.enqueue(*args)
    elif getattr(backend, "outbox", False):
        _send_after_commit(task, args)
    else:
        transaction.on_commit(lambda: task.enqueue(*args))


def _send_after_commit(task: Task[Any, Any], args: tuple[Any, ...]) -> None:
    """For a broker: a note of the job commits with the record, the job is sent after the commit and the
    note then deleted. A process killed in between, or a broker away at that moment, leaves the note,
    and a worker sends the job later (`pending_jobs_send`): a committed record always gets its job."""
    from article3.cluster.models import PendingJob

    note = PendingJob.objects.create(task_path=task.module_path, args=list(args))

    def send() -> None:
        task.enqueue(*args)
        PendingJob.objects.filter(pk=note.pk).delete()

    transaction.on_commit(send, robust=True)  # a broker error is logged; the note stays for a worker


GRACE = datetime.timedelta(seconds=60)  # far longer than a commit takes to reach its callbacks


def pending_jobs_send(*, now: datetime.datetime | None = None, limit: int = 200) -> int:
    """Send the jobs noted more than GRACE ago and never sent; return how many. Every worker runs this
    (`article3.schedule`); rows are locked while sent, so two workers do not both send one. A job sent
    twice (its note deleted after a crash) runs twice, which every task of this project allows."""
    from article3.cluster.models import PendingJob

    cutoff = (now or timezone.now()) - GRACE
    with transaction.atomic():
        notes = list(PendingJob.objects.select_for_update(skip_locked=True).filter(created_at__lt=cutoff)
                     .order_by("pk")[:limit])
        for note in notes:
            import_string(note.task_path).enqueue(*note.args)
        PendingJob.objects.filter(pk__in=[note.pk for note in notes]).delete()
    if notes:
        logger.warning("Sent %s queued jobs whose sending was interrupted", len(notes))
    return len(notes)


def task_pending(task: Task[Any, Any], first_arg: object = None) -> bool:
    """Whether a run of `task` (with that first argument, if given) is queued, scheduled or running:
    in Redis with RQ, otherwise in the database's task table."""
    own = getattr(task.get_backend(), "task_pending", None)  # article3.rqtasks.RQBackend's
    if own is not None:
        return bool(own(task.module_path, first_arg))
    from django_tasks_db.models import DBTaskResult

    rows = DBTaskResult.objects.filter(task_path=task.module_path, status__in=["READY", "RUNNING"])
    return (rows if first_arg is None else rows.filter(args_kwargs__args__0=first_arg)).exists()
