"""The nightly jobs, queued by the worker itself so that nobody has to remember cron.

`article3 worker` (which `article3 run` starts too) checks every minute and queues each job whose
daily time has passed since it was last queued. The last time each job was queued is kept in the
database (`cluster.NightlyRun`), so a restart does not queue it twice in a day, a worker that was
down at the job's time queues it when it starts, and the workers of several hosts queue each night's
job once between them (the rows are locked while one decides).
"""

import datetime
import logging
import threading
from dataclasses import dataclass

from django.db import connections, transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from article3.tasking import pending_jobs_send

logger = logging.getLogger(__name__)

CHECK_EVERY_SECONDS = 60.0


@dataclass(frozen=True)
class Job:
    name: str
    task_path: str  # a django-tasks task taking no arguments
    at: datetime.time  # local time


JOBS = (
    Job("retention_purge", "article3.retention.retention_purge_task", datetime.time(3, 0)),
    Job("fixity", "article3.integrity.fixity_task", datetime.time(4, 0)),
    Job("audit_head", "article3.audit.tasks.audit_head_task", datetime.time(4, 30)),
)


def latest_slot(now: datetime.datetime, at: datetime.time) -> datetime.datetime:
    """The most recent moment, at or before `now`, at which a job set for `at` falls due."""
    today = datetime.datetime.combine(now.date(), at, tzinfo=now.tzinfo)
    return today if now >= today else today - datetime.timedelta(days=1)


def is_due(*, last_run: datetime.datetime | None, now: datetime.datetime, at: datetime.time) -> bool:
    """Whether a daily job set for `at` (in now's time zone) should be queued now.

    It is due when it has never run, or when its latest slot came after its last run: so once a
    day, and as soon as the worker is back if it was down at that time.
    """
    return last_run is None or last_run < latest_slot(now, at)


def last_runs() -> dict[str, datetime.datetime]:
    """When each job was last queued, for the whole installation (empty if never)."""
    from article3.cluster.models import NightlyRun

    return {name: when for name, when in NightlyRun.objects.values_list("name", "last_run") if when is not None}


def jobs_queue_due(*, now: datetime.datetime | None = None) -> list[str]:
    """Queue every job that is due and record it; return the names queued.

    Every host's worker runs this: the job rows are locked for the decision (SQLite locks the whole
    database for a write transaction), so of two schedulers that look at once the second waits, then
    finds the job recorded and queues nothing.
    """
    from article3.cluster.models import NightlyRun

    now = timezone.localtime(now or timezone.now())
    queued = []
    NightlyRun.objects.bulk_create([NightlyRun(name=job.name) for job in JOBS], ignore_conflicts=True)
    with transaction.atomic():
        runs = {row.name: row for row in NightlyRun.objects.select_for_update().filter(name__in=[j.name for j in JOBS])}
        for job in JOBS:
            row = runs[job.name]
            if is_due(last_run=row.last_run, now=now, at=job.at):
                # Queued inside the transaction: with the database backend the task commits with
                # its record; with Redis a crash before the commit queues it again at most once
                # more, which is harmless, where the other order could skip a night.
                import_string(job.task_path).enqueue()
                NightlyRun.objects.filter(pk=row.pk).update(last_run=now)
                queued.append(job.name)
    if queued:
        logger.info("Queued the nightly jobs: %s", ", ".join(queued))
    return queued


def schedule_check() -> None:
    """Queue the nightly jobs that are due and the jobs left unsent. A failed check is logged and
    retried at the next: the worker keeps working."""
    try:
        jobs_queue_due()
        pending_jobs_send()
    except Exception:
        logger.exception("Could not queue the nightly jobs or the jobs left unsent")
    finally:
        connections.close_all()  # the caller's thread's own connections


def scheduler_start(*, every: float = CHECK_EVERY_SECONDS) -> threading.Event:
    """Check now and then every `every` seconds in a thread, until the returned event is set. For
    the database worker only: the RQ worker forks each job, and a thread running meanwhile could hold
    a lock that the job's process would then wait on forever (it checks between jobs instead)."""
    stop = threading.Event()

    def loop() -> None:
        while True:
            schedule_check()
            if stop.wait(every):
                return

    threading.Thread(target=loop, name="article3-scheduler", daemon=True).start()
    return stop
