"""The nightly jobs, queued by the worker itself so that nobody has to remember cron.

A thread of `article3 worker` (which `article3 run` starts too) wakes every minute and queues
each job whose daily time has passed since it was last queued. The last time each job was
queued is kept in the data folder (`schedule.json`, written atomically), so a restart does not
queue it twice in a day, and a worker that was down at the job's time queues it when it starts.
A file lock keeps two workers from queueing the same job together.
"""

import datetime
import fcntl
import json
import logging
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from django.db import connections
from django.utils import timezone
from django.utils.module_loading import import_string

from article3 import datadir

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


def _record_path() -> Path:
    return datadir.root() / "schedule.json"


def last_runs() -> dict[str, datetime.datetime]:
    """When each job was last queued, from the record in the data folder (empty if none yet)."""
    try:
        raw = json.loads(_record_path().read_text())
    except FileNotFoundError:
        return {}
    except (ValueError, OSError):
        logger.warning("The schedule record is unreadable; every nightly job is queued again")
        return {}
    return {name: datetime.datetime.fromisoformat(when) for name, when in raw.items() if isinstance(when, str)}


def _record(runs: dict[str, datetime.datetime]) -> None:
    """Write the record atomically: temp file, fsync, rename, fsync the folder."""
    path = _record_path()
    tmp = path.with_suffix(".json.tmp")
    with tmp.open("w") as out:
        json.dump({name: when.isoformat() for name, when in sorted(runs.items())}, out)
        out.flush()
        os.fsync(out.fileno())
    tmp.replace(path)
    folder = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(folder)
    finally:
        os.close(folder)


@contextmanager
def _exclusive() -> Iterator[None]:
    path = datadir.root() / "schedule.lock"
    with path.open("a") as handle:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def jobs_queue_due(*, now: datetime.datetime | None = None) -> list[str]:
    """Queue every job that is due and record it; return the names queued."""
    now = timezone.localtime(now or timezone.now())
    queued = []
    with _exclusive():
        runs = last_runs()
        for job in JOBS:
            if is_due(last_run=runs.get(job.name), now=now, at=job.at):
                import_string(job.task_path).enqueue()
                # Recorded after the task is queued: a crash in between queues it again at
                # most once more, which is harmless; the other order could skip a night.
                runs[job.name] = now
                _record(runs)
                queued.append(job.name)
    if queued:
        logger.info("Queued the nightly jobs: %s", ", ".join(queued))
    return queued


def scheduler_start(*, every: float = CHECK_EVERY_SECONDS) -> threading.Event:
    """Check for due jobs now and then every `every` seconds, until the returned event is set."""
    stop = threading.Event()

    def loop() -> None:
        while True:
            try:
                jobs_queue_due()
            except Exception:  # a failed check is retried next time; the worker keeps working
                logger.exception("Could not queue the nightly jobs")
            finally:
                connections.close_all()  # this thread's own connections
            if stop.wait(every):
                return

    threading.Thread(target=loop, name="article3-scheduler", daemon=True).start()
    return stop
