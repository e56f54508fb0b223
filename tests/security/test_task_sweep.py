"""Tasks a killed worker was running: queued again once (with their document told so), then failed."""

import io
import os
import signal
import subprocess
import sys
import uuid

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult, get_date_max

from article3.cases.models import Case
from article3.evidence.models import CustodyEntry, Document, Status
from article3.evidence.services import document_add
from article3.tasks_sweep import RESTARTED, RETRY, tasks_sweep, worker_alive, worker_register

PROCESS = "article3.evidence.tasks.document_process"
HOLD_A_WORKER_LOCK = (
    "import os, sys, time, django\n"
    "os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'article3.settings'); django.setup()\n"
    "from article3.tasks_sweep import worker_register\n"
    "worker_id, lock = worker_register()\n"
    "print(worker_id, flush=True)\n"
    "time.sleep(120)\n"
)


def _running(task_path: str, args: list[object], workers: list[str]) -> DBTaskResult:  # type: ignore[type-arg]
    return DBTaskResult.objects.create(
        id=uuid.uuid4(), status="RUNNING", task_path=task_path, args_kwargs={"args": args, "kwargs": {}},
        backend_name="default", run_after=get_date_max(), started_at=timezone.now(), worker_ids=workers)


def _processing(case: Case) -> Document:
    document = document_add(actor="test", case=case, stream=io.BytesIO(b"a statement"), filename="s.txt",
                            kind="other", process=False)
    Document.objects.filter(pk=document.pk).update(status=Status.PROCESSING, progress="OCR: 3 of 9")
    return document


@pytest.mark.django_db
def test_a_task_of_a_dead_worker_is_queued_again_and_its_document_says_so(case: Case) -> None:
    document = _processing(case)
    row = _running(PROCESS, [document.pk], ["w-1-gone"])
    report = tasks_sweep()
    row.refresh_from_db()
    document.refresh_from_db()
    assert report.requeued == [str(row.pk)] and report.failed == []
    assert row.status == "READY" and row.worker_ids == ["w-1-gone"], "the attempt is remembered"
    assert (document.status, document.progress) == (Status.PROCESSING, RESTARTED)


@pytest.mark.django_db
def test_a_task_interrupted_twice_fails_and_its_document_gets_a_clear_message(case: Case) -> None:
    document = _processing(case)
    row = _running(PROCESS, [document.pk], ["w-1-gone", "w-2-gone"])
    report = tasks_sweep()
    row.refresh_from_db()
    document.refresh_from_db()
    assert report.failed == [str(row.pk)] and row.status == "FAILED" and row.finished_at is not None
    assert "WorkerInterrupted" in row.exception_class_path and "stopped before it finished" in row.traceback
    assert (document.status, document.error_code) == (Status.FAILED, "interrupted")
    assert "stopped twice" in document.error_message and "original is stored unchanged" in document.error_message
    assert CustodyEntry.objects.filter(document=document, action="failed").exists()


@pytest.mark.django_db
def test_an_unknown_task_is_failed_not_run_again() -> None:
    row = _running("somewhere.else.task", [], ["w-1-gone"])
    assert tasks_sweep().failed == [str(row.pk)]
    assert DBTaskResult.objects.get(pk=row.pk).status == "FAILED"


@pytest.mark.django_db
def test_a_live_workers_task_is_left_alone_until_the_worker_is_killed(case: Case) -> None:
    holder = subprocess.Popen([sys.executable, "-c", HOLD_A_WORKER_LOCK], stdout=subprocess.PIPE, text=True,
                              env=os.environ.copy())
    try:
        assert holder.stdout is not None
        worker_id = holder.stdout.readline().strip()
        assert worker_id.startswith("w-") and worker_alive(worker_id)
        document = _processing(case)
        row = _running(PROCESS, [document.pk], [worker_id])
        assert tasks_sweep().requeued == [] and DBTaskResult.objects.get(pk=row.pk).status == "RUNNING"
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.wait(timeout=30)
        if holder.stdout is not None:
            holder.stdout.close()
    assert not worker_alive(worker_id)
    assert tasks_sweep().requeued == [str(row.pk)]
    assert DBTaskResult.objects.get(pk=row.pk).status == "READY"


def test_this_process_holds_its_own_lock_while_it_runs() -> None:
    worker_id, lock = worker_register()
    try:
        assert worker_alive(worker_id)
    finally:
        lock.close()
    assert not worker_alive(worker_id)


def test_every_task_of_the_project_has_a_decision() -> None:
    from django_tasks.base import Task

    import article3.api.tasks
    import article3.bundles.tasks
    import article3.chronology.tasks
    import article3.coi.tasks
    import article3.deadlines.tasks
    import article3.docs.tasks
    import article3.evidence.tasks
    import article3.exports.tasks
    import article3.integrity
    import article3.retention

    modules = (article3.api.tasks, article3.bundles.tasks, article3.chronology.tasks, article3.coi.tasks,
               article3.deadlines.tasks, article3.docs.tasks, article3.evidence.tasks, article3.exports.tasks,
               article3.integrity, article3.retention)
    tasks = {t.module_path for m in modules for t in vars(m).values() if isinstance(t, Task)}
    assert len(tasks) == 11 and tasks == set(RETRY)
