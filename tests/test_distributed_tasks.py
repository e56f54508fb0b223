"""ARTICLE3_TASKS=redis://…: real RQ workers against the real Redis, one of them killed with SIGKILL.

Redis is the machine's (127.0.0.1:6379; `ARTICLE3_TEST_REDIS_URL` picks another server or database).
Each test removes only the RQ and liveness keys of the database it used.
"""

import contextlib
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import psutil
import pytest
from redis import Redis
from rq.job import Job, JobStatus

from tests.security.live import article3, environment

REDIS_URL = os.environ.get("ARTICLE3_TEST_REDIS_URL", "redis://127.0.0.1:6379/13")
HEARTBEAT = 1


@pytest.fixture
def redis() -> Iterator[Redis]:
    connection = Redis.from_url(REDIS_URL)
    connection.ping()  # Redis must run: CI starts it (.ci/run)
    yield connection
    for pattern in ("rq:*", "article3:*"):
        keys = list(connection.scan_iter(pattern))
        if keys:
            connection.delete(*keys)


@pytest.fixture
def env(tmp_path: Path, redis: Redis) -> dict[str, str]:
    env = environment(tmp_path / "data", ARTICLE3_TASKS=REDIS_URL, ARTICLE3_WORKER_HEARTBEAT_SECONDS=str(HEARTBEAT))
    article3(env, "manage", "migrate", "--verbosity", "0")
    return env


class Workers:
    def __init__(self, env: dict[str, str], logs: Path) -> None:
        self.env, self.logs, self.started = env, logs, list[subprocess.Popen[bytes]]()

    def start(self, name: str) -> subprocess.Popen[bytes]:
        with (self.logs / f"{name}.log").open("ab") as log:
            worker = subprocess.Popen([sys.executable, "-m", "article3", "worker"], env=self.env, stdout=log,
                                      stderr=subprocess.STDOUT, start_new_session=True)
        self.started.append(worker)
        return worker

    def stop_all(self) -> None:
        for worker in self.started:
            if worker.poll() is None:
                kill_host(worker)


def kill_host(worker: subprocess.Popen[bytes]) -> None:
    """SIGKILL the worker and the process running its job (RQ forks it into a group of its own), as a
    host that loses power would lose them."""
    family = [psutil.Process(worker.pid), *psutil.Process(worker.pid).children(recursive=True)]
    for process in family:
        with contextlib.suppress(psutil.NoSuchProcess):
            process.send_signal(signal.SIGKILL)
    worker.wait()


def enqueue(env: dict[str, str], folder: Path) -> str:
    out = article3(env, "manage", "shell", "-c",
                   f"from tests.workload import held; print('JOB', held.enqueue({str(folder)!r}).id)").stdout
    return next(line.split()[1] for line in out.splitlines() if line.startswith("JOB "))


def lines(path: Path) -> list[str]:
    return path.read_text().split() if path.exists() else []


def wait_for(condition: Callable[[], bool], timeout: float, what: str) -> float:
    started = time.monotonic()
    while not condition():
        assert time.monotonic() - started < timeout, f"timed out waiting for {what}"
        time.sleep(0.1)
    return time.monotonic() - started


def test_a_job_of_a_killed_worker_is_run_again_by_rq_on_another_worker(
        env: dict[str, str], redis: Redis, tmp_path: Path) -> None:
    workers = Workers(env, tmp_path)
    folder = tmp_path / "job"
    folder.mkdir()
    try:
        first = workers.start("first")
        job_id = enqueue(env, folder)
        wait_for(lambda: len(lines(folder / "starts")) == 1, 120, "the first worker to start the job")
        kill_host(first)
        assert Job.fetch(job_id, connection=redis).get_status() == JobStatus.STARTED  # nothing settled it

        workers.start("second")
        recovered = wait_for(lambda: len(lines(folder / "starts")) == 2, 120, "RQ to run the job again")
        starts = lines(folder / "starts")
        assert starts[0] != starts[1], "the second run is another process"
        (folder / "release").touch()
        wait_for(lambda: Job.fetch(job_id, connection=redis).get_status() == JobStatus.FINISHED, 60,
                 "the job to finish")
        job = Job.fetch(job_id, connection=redis)
        assert job.retries_left == 0, "RQ's retry, not a new job, ran it again"
        assert lines(folder / "done") == [starts[1]]
        print(f"killed worker's job running again after {recovered:.1f} s")
    finally:
        workers.stop_all()


def test_a_job_whose_process_was_killed_is_run_again_by_the_same_worker(
        env: dict[str, str], redis: Redis, tmp_path: Path) -> None:
    """The worker lives, the forked process running the job dies (the kernel's out-of-memory killer,
    say): RQ retries the job and calls the hook that tells its record."""
    workers = Workers(env, tmp_path)
    folder = tmp_path / "job"
    folder.mkdir()
    try:
        worker = workers.start("worker")
        job_id = enqueue(env, folder)
        wait_for(lambda: len(lines(folder / "starts")) == 1, 120, "the worker to start the job")
        horse = int(lines(folder / "starts")[0])
        assert horse != worker.pid, "the job runs in a process of its own"
        os.kill(horse, signal.SIGKILL)
        wait_for(lambda: len(lines(folder / "starts")) == 2, 60, "RQ to run the job again")
        assert worker.poll() is None, "the worker itself lives on"
        (folder / "release").touch()
        wait_for(lambda: Job.fetch(job_id, connection=redis).get_status() == JobStatus.FINISHED, 60,
                 "the job to finish")
        assert Job.fetch(job_id, connection=redis).retries_left == 0
        assert "The process running a task stopped" in (tmp_path / "worker.log").read_text()
    finally:
        workers.stop_all()


def _document_on_rq(settings: Any, case: Any) -> Any:
    """The case's first document, with this process's tasks going to the test's Redis through RQ."""
    from article3.evidence.models import Document

    settings.RQ_QUEUES = {"default": {"URL": REDIS_URL}}
    settings.TASKS = {"default": {"BACKEND": "article3.rqtasks.RQBackend"}}
    document = Document.objects.filter(case=case).order_by("pk").first()
    assert document is not None
    return document


@pytest.mark.django_db
def test_a_document_whose_job_process_died_is_restarted_once_then_marked_failed(
        settings: Any, redis: Redis, demo_case: Any) -> None:
    """The hook RQ calls when the job's process dies tells the document, as after a vanished host."""
    from article3.evidence.tasks import document_process
    from article3.rqtasks import Worker
    from article3.tasks_sweep import INTERRUPTED_TWICE, RESTARTED

    document = _document_on_rq(settings, demo_case)
    job = Job.fetch(document_process.enqueue(document.pk).id, connection=redis)
    worker = Worker(["default"], connection=redis)
    worker.handle_work_horse_killed(job, 0, signal.SIGKILL, None)
    document.refresh_from_db()
    assert (document.status, document.progress) == ("processing", RESTARTED)
    job.retries_left = 0  # what RQ's retry leaves for the second delivery
    job.save()
    worker.handle_work_horse_killed(job, 0, signal.SIGKILL, None)
    document.refresh_from_db()
    assert document.status == "failed" and document.error_message == INTERRUPTED_TWICE


def test_sigterm_lets_the_running_job_finish_before_the_worker_exits(
        env: dict[str, str], redis: Redis, tmp_path: Path) -> None:
    workers = Workers(env, tmp_path)
    folder = tmp_path / "job"
    folder.mkdir()
    try:
        worker = workers.start("worker")
        job_id = enqueue(env, folder)
        wait_for(lambda: len(lines(folder / "starts")) == 1, 120, "the worker to start the job")
        worker.send_signal(signal.SIGTERM)
        time.sleep(2 * HEARTBEAT)  # a graceful stop does not cut the job short
        assert worker.poll() is None, "the worker waits for its job"
        (folder / "release").touch()
        assert worker.wait(timeout=60) == 0
        assert Job.fetch(job_id, connection=redis).get_status() == JobStatus.FINISHED
        assert len(lines(folder / "starts")) == 1 and len(lines(folder / "done")) == 1
    finally:
        workers.stop_all()


def test_the_worker_queues_the_nightly_jobs_and_runs_them_with_no_thread_of_its_own(
        env: dict[str, str], redis: Redis, tmp_path: Path) -> None:
    """The nightly check runs in the worker's upkeep between jobs, not in a thread: each job runs in a
    process forked from the worker, and a thread caught holding a lock at the fork left the job's
    process waiting for it for ever."""
    from rq import Queue
    from rq.registry import FinishedJobRegistry

    from article3.schedule import JOBS

    workers = Workers(env, tmp_path)
    try:
        worker = workers.start("worker")
        finished = FinishedJobRegistry(queue=Queue("default", connection=redis))
        wait_for(lambda: len(finished.get_job_ids()) == len(JOBS), 120, "the nightly jobs to run")
        with sqlite3.connect(Path(env["ARTICLE3_DATA"]) / "article3.sqlite3") as database:
            recorded = dict(database.execute("SELECT name, last_run FROM cluster_nightlyrun"))
        assert sorted(recorded) == sorted(job.name for job in JOBS) and all(recorded.values())
        assert psutil.Process(worker.pid).num_threads() <= 2, "the main thread and RQ's own listener only"
    finally:
        workers.stop_all()


def test_a_stopping_worker_does_not_start_rqs_scheduler_again(redis: Redis) -> None:
    """RQ's upkeep starts its scheduler's process when none runs, even once a stop is asked for; the
    worker then stopped it at once, before that process had its own signal handlers, and waited for it
    for ever. Ours does no upkeep once stopping."""
    from rq.scheduler import RQScheduler
    from rq.utils import now

    from article3.rqtasks import Worker

    worker = Worker(["default"], connection=redis)
    worker.scheduler = RQScheduler(worker.queues, connection=redis)
    worker.last_cleaned_at = now()  # not the first upkeep, which never starts it
    worker._stop_requested = True
    try:
        worker.run_maintenance_tasks()
        assert worker.scheduler._process is None
        assert not redis.exists(RQScheduler.get_locking_key("default")), "nor took its lock"
    finally:
        if worker.scheduler._process is not None:  # RQ's own behaviour came back: end what it started
            worker.scheduler._process.kill()
            worker.scheduler._process.join()


def test_a_worker_whose_subscription_ended_first_still_stops_within_seconds(redis: Redis) -> None:
    """Its listening thread, having seen the subscription end before the stop, waited for a new one for
    RQ's whole minute, and the stop waited for the thread."""
    from article3.rqtasks import Worker

    worker = Worker(["default"], connection=redis)
    worker.subscribe()
    worker.pubsub.unsubscribe()
    wait_for(lambda: not worker.pubsub.subscribed, 10, "the thread to see the subscription end")
    time.sleep(0.5)  # the thread is back waiting for a subscription
    started = time.monotonic()
    worker.unsubscribe()
    assert time.monotonic() - started < 5
    assert not worker.pubsub_thread.is_alive()


@pytest.mark.django_db
def test_a_document_whose_worker_vanished_is_restarted_once_then_marked_failed(
        settings: Any, redis: Redis, demo_case: Any) -> None:
    """RQ's own clean-up of abandoned jobs, with its retry, tells the document what happened."""
    from rq import Queue
    from rq.registry import FailedJobRegistry, StartedJobRegistry

    from article3.evidence.tasks import document_process
    from article3.tasks_sweep import INTERRUPTED_TWICE, RESTARTED

    document = _document_on_rq(settings, demo_case)
    job_id = document_process.enqueue(document.pk).id
    queue = Queue("default", connection=redis)
    started = StartedJobRegistry(queue=queue)

    def abandon() -> None:
        """What a worker does when it takes the job, then its host dies: the job sits in the started
        registry and its heartbeat runs out."""
        assert queue.pop_job_id() == job_id
        job = Job.fetch(job_id, connection=redis)
        job.set_status(JobStatus.STARTED)
        redis.zadd(started.key, {f"{job_id}:gone": 1})  # expired long ago
        started.cleanup()

    abandon()
    document.refresh_from_db()
    assert (document.status, document.progress) == ("processing", RESTARTED)
    assert job_id in queue.get_job_ids(), "RQ queued it again"
    abandon()
    document.refresh_from_db()
    assert document.status == "failed" and document.error_message == INTERRUPTED_TWICE
    assert job_id in FailedJobRegistry(queue=queue).get_job_ids(), "visible among the failed jobs"


LEASE = """
from article3.tasks_sweep import worker_register
import time
worker_id, lease = worker_register()
print(worker_id, flush=True)
time.sleep(600)
"""


def test_a_commands_liveness_is_seen_from_any_host_and_ends_with_it(
        env: dict[str, str], redis: Redis, settings: Any) -> None:
    """`evidence add` on one host marks the documents it converts; another host asks Redis whether it
    still lives (a lock file would only be seen on its own host)."""
    from article3.tasks_sweep import worker_alive

    settings.RQ_QUEUES = {"default": {"URL": REDIS_URL}}
    settings.ARTICLE3_TASKS = REDIS_URL
    settings.ARTICLE3_WORKER_HEARTBEAT_SECONDS = HEARTBEAT
    command = subprocess.Popen([sys.executable, "-m", "article3", "manage", "shell", "-c", LEASE], env=env,
                               stdout=subprocess.PIPE, text=True, start_new_session=True)
    try:
        assert command.stdout is not None
        holder = next(line.strip() for line in command.stdout if line.startswith("w-"))
        assert holder.startswith("w-") and worker_alive(holder)
        time.sleep(3 * HEARTBEAT)  # it keeps renewing its key
        assert worker_alive(holder)
        kill_host(command)  # type: ignore[arg-type]
        gone = wait_for(lambda: not worker_alive(holder), 30, "the dead command's key to expire")
        assert gone <= 2 * HEARTBEAT + 2
    finally:
        if command.poll() is None:
            kill_host(command)  # type: ignore[arg-type]
        if command.stdout is not None:
            command.stdout.close()
