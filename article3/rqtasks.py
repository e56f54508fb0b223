"""Background work on Redis with RQ (`ARTICLE3_TASKS=redis://…`): workers on any number of hosts.

RQ, through django-tasks-rq, is the engine; this module only sets it up for this project:

- every job may be delivered once more (`Retry(max=1)`): every task here is safe to run again
  (see `article3.tasks_sweep.RETRY` for why each one is);
- a worker heartbeats the job it runs every `ARTICLE3_WORKER_HEARTBEAT_SECONDS`; a job whose
  heartbeat stops (its host was killed, lost power or its network) is found by whichever worker
  next cleans the registries (every heartbeat) and RQ queues it again, or, the second time,
  moves it to the failed jobs, where it stays visible (`rq info`, `rq.registry.FailedJobRegistry`);
- the record such a job was handling (a document, a bundle build, a generated document) is told,
  exactly as the database backend's start-up sweep does;
- the nightly jobs are checked for in the worker's own upkeep between jobs (`article3.schedule`);
- liveness of a long command (`evidence add`) is a Redis key with an expiry, so any host sees it.
"""

import logging
import os
import secrets
import socket
import threading
import time
from types import TracebackType
from typing import Any

import django_rq
from django.conf import settings
from django_tasks.base import TASK_MAX_PRIORITY, Task, TaskResult, TaskResultStatus
from django_tasks.signals import task_enqueued
from django_tasks.utils import get_random_id
from django_tasks_rq import backend as rq_backend
from redis import Redis
from rq import Retry
from rq.exceptions import AbandonedJobError
from rq.job import Callback, JobStatus
from rq.registry import ScheduledJobRegistry, StartedJobRegistry
from rq.worker import Worker as BaseWorker

logger = logging.getLogger(__name__)

QUEUE = "default"
RETRIES = 1  # a job is run at most twice: the first delivery and one more
ALIVE_PREFIX = "article3:alive:"


def heartbeat_seconds() -> int:
    return max(1, int(getattr(settings, "ARTICLE3_WORKER_HEARTBEAT_SECONDS", 30)))


def connection() -> Redis:
    return django_rq.get_connection(QUEUE)


# --- queueing ----------------------------------------------------------------------------------

def job_failed(job: rq_backend.Job, connection: Redis | None, exc_type: type[Exception], exc: Exception,
               tb: TracebackType) -> None:
    """django-tasks-rq's own bookkeeping, then, for a job whose worker vanished, what its record shows."""
    if not isinstance(job, rq_backend.Job):  # a registry cleaned with RQ's plain job class
        job = rq_backend.Job.fetch(job.id, connection=job.connection)
    rq_backend.failed_callback(job, connection, exc_type, exc, tb)
    if issubclass(exc_type, AbandonedJobError):
        interrupted(job, "A worker stopped while running a task")


def interrupted(job: rq_backend.Job, what: str) -> None:
    """Tell the record a job was handling that its run was cut short: restarted, or failed when it has
    no delivery left (the `article3.tasks_sweep.RETRY` handlers, as for the database backend)."""
    from article3.tasks_sweep import RETRY

    handler = RETRY.get(job.func_name or "")
    again = bool(job.retries_left and job.retries_left > 0)
    logger.warning("%s (job %s); %s", what, job.id, "RQ queues it again" if again else "it is marked failed")
    first = job.args[0] if job.args else None
    if handler is not None and isinstance(first, int) and not isinstance(first, bool):
        handler(first, not again)


class RQBackend(rq_backend.RQBackend):
    """django-tasks-rq's backend, with one more delivery for a job that fails or is abandoned."""

    outbox = True  # jobs are sent after their record commits: see article3.tasking

    def enqueue(self, task: Task[Any, Any], args: Any, kwargs: Any) -> TaskResult[Any]:
        self.validate_task(task)
        result: TaskResult[Any] = TaskResult(
            task=task, id=get_random_id(), status=TaskResultStatus.READY, enqueued_at=None, started_at=None,
            last_attempted_at=None, finished_at=None, args=args, kwargs=kwargs, backend=self.alias, errors=[],
            worker_ids=[])
        queue = django_rq.get_queue(task.queue_name, job_class=rq_backend.Job)
        job = queue.create_job(
            task.module_path, args=args, kwargs=kwargs, job_id=result.id,
            status=JobStatus.SCHEDULED if task.run_after else JobStatus.QUEUED,
            on_failure=Callback(job_failed), on_success=Callback(rq_backend.success_callback),
            meta={"backend_name": self.alias},
            retry=Retry(max=RETRIES, enqueue_at_front=True))  # it had its turn: not behind the whole queue
        if task.run_after is None:
            job = queue.enqueue_job(job, at_front=task.priority == TASK_MAX_PRIORITY)
        else:
            job = queue.schedule_job(job, task.run_after)
        object.__setattr__(result, "enqueued_at", job.enqueued_at)
        task_enqueued.send(type(self), task_result=result)
        return result

    def task_pending(self, task_path: str, first_arg: object) -> bool:
        return pending(task_path, first_arg)


def pending(task_path: str, first_arg: object) -> bool:
    """Whether a job of that task, with that first argument, is waiting, scheduled or running."""
    queue = django_rq.get_queue(QUEUE, job_class=rq_backend.Job)
    ids = [*queue.get_job_ids(), *StartedJobRegistry(queue=queue).get_job_ids(),
           *ScheduledJobRegistry(queue=queue).get_job_ids()]  # type: ignore[no-untyped-call]
    for job in rq_backend.Job.fetch_many(ids, connection=queue.connection):
        if job is not None and job.func_name == task_path and (first_arg is None or job.args[:1] == (first_arg,)):
            return True
    return False


# --- the worker --------------------------------------------------------------------------------

class Worker(BaseWorker):
    """RQ's worker, declaring a job abandoned two heartbeats after its last one (RQ waits a fixed
    minute more), so that a dead host's work is queued again within about 2 × the heartbeat."""

    next_schedule_check = 0.0

    def subscribe(self) -> None:
        """RQ's, with its listening thread waking every second rather than every minute: redis-py (8)
        now waits for that thread when the worker stops, and a thread that saw the subscription end
        before the stop waited out its whole minute (reproduced: a worker taking 60 s to exit)."""
        self.pubsub = self.connection.pubsub()
        self.pubsub.subscribe(**{self.pubsub_channel_name: self.handle_payload})
        self.pubsub_thread = self.pubsub.run_in_thread(  # type: ignore[assignment]
            sleep_time=1, daemon=True, exception_handler=self._pubsub_exception_handler)

    def run_maintenance_tasks(self) -> None:
        """RQ's upkeep (between jobs, in the main thread), with the nightly jobs' check, which runs
        here rather than in a thread: each job runs in a process forked from this one, and a thread
        caught holding a lock at the fork (an import, a connection) leaves that lock held for ever in
        the job's process. Once a stop is asked for, nothing: RQ would start its scheduler's process
        again, then stop it before the process had set its own signal handlers, and wait for it for
        ever."""
        from article3.schedule import CHECK_EVERY_SECONDS, schedule_check

        if self._stop_requested:
            return
        super().run_maintenance_tasks()  # type: ignore[no-untyped-call]
        if time.monotonic() >= self.next_schedule_check:
            schedule_check()
            self.next_schedule_check = time.monotonic() + CHECK_EVERY_SECONDS

    def get_heartbeat_ttl(self, job: Any) -> int:
        return 2 * int(self.job_monitoring_interval)

    def handle_work_horse_killed(self, job: Any, retpid: int, ret_val: int, rusage: Any) -> None:
        """The process running the job died (killed, out of memory) while this worker lives on: RQ
        then retries or fails the job without its failure callback, so the record is told here."""
        if not isinstance(job, rq_backend.Job):
            job = rq_backend.Job.fetch(job.id, connection=job.connection)
        interrupted(job, "The process running a task stopped")

    def execute_job(self, job: Any, queue: Any) -> None:
        # The job runs in a forked process: it must not share this process's database connections
        # (opened by the failure callbacks of the registry clean-up).
        from django.db import connections

        connections.close_all()
        super().execute_job(job, queue)


def worker_run(*, burst: bool = False) -> None:
    """Work the queue until stopped; SIGTERM lets the running job finish first (RQ's warm shutdown)."""
    from django_rq.utils import reset_db_connections

    beat = heartbeat_seconds()
    worker = django_rq.get_worker(
        QUEUE, job_class=rq_backend.Job, worker_class=Worker, worker_ttl=max(20, 3 * beat),
        job_monitoring_interval=beat, maintenance_interval=beat,
        name=f"{socket.gethostname()}.{os.getpid()}")  # `rq info` shows which host runs what
    reset_db_connections()  # each job runs in a forked process: no connection may be shared with it
    worker.work(burst=burst, with_scheduler=True, logging_level="WARNING")


# --- liveness of long commands -------------------------------------------------------------------

class Lease:
    """A Redis key that lives while its holder refreshes it; it expires when the holder dies."""

    def __init__(self, name: str) -> None:
        self.name, self._stop = name, threading.Event()
        self._beat()
        threading.Thread(target=self._loop, name="article3-lease", daemon=True).start()

    def _beat(self) -> None:
        connection().set(ALIVE_PREFIX + self.name, "1", ex=2 * heartbeat_seconds())

    def _loop(self) -> None:
        while not self._stop.wait(heartbeat_seconds() / 2):
            try:
                self._beat()
            except Exception:  # Redis briefly away: the next beat tries again
                logger.warning("Could not renew a worker's liveness in Redis")

    def close(self) -> None:
        self._stop.set()
        connection().delete(ALIVE_PREFIX + self.name)


def lease_take(prefix: str = "w") -> tuple[str, Lease]:
    name = f"{prefix}-{secrets.token_hex(8)}"
    return name, Lease(name)


def lease_alive(name: str) -> bool:
    return bool(connection().exists(ALIVE_PREFIX + name))
