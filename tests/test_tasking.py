"""A record and the task that processes it commit together: with the database task backend in one
transaction; with Redis, a note of the job commits with the record and is sent after."""

import datetime
import io
import os
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import transaction
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from article3.cases.models import Case
from article3.cluster.models import PendingJob
from article3.evidence.models import Document
from article3.evidence.services import document_add
from article3.tasking import GRACE, pending_jobs_send

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def _tasks_for(document_id: int) -> int:
    return sum(1 for row in DBTaskResult.objects.values_list("args_kwargs", flat=True)
               if row["args"] == [document_id])


@pytest.mark.django_db
@override_settings(TASKS=DATABASE_TASKS)
def test_the_processing_task_is_written_in_the_uploads_own_transaction(case: Case) -> None:
    # No on-commit callback runs inside a test transaction: the task row exists only if it was
    # written by the upload's own transaction, which is what survives a crash right after commit.
    document = document_add(actor="test", case=case, stream=io.BytesIO(b"A statement."), filename="s.txt",
                            kind="witness_statement")
    assert _tasks_for(document.pk) == 1


@pytest.mark.django_db
@override_settings(TASKS=DATABASE_TASKS)
def test_a_rolled_back_upload_leaves_no_task_behind(case: Case) -> None:
    with pytest.raises(RuntimeError), transaction.atomic():
        document = document_add(actor="test", case=case, stream=io.BytesIO(b"A statement."), filename="s.txt",
                                kind="witness_statement")
        raise RuntimeError("the request failed after the upload")
    assert not Document.objects.filter(pk=document.pk).exists()
    assert _tasks_for(document.pk) == 0


# With Redis (RQ), the job cannot join the database transaction: a note of it does.
# Its own database: test_distributed_tasks runs real workers on 13 beside this file under xdist.
REDIS_URL = os.environ.get("ARTICLE3_TEST_TASKING_REDIS_URL", "redis://127.0.0.1:6379/12")


@pytest.fixture
def rq_queue(settings: Any) -> Iterator[Any]:
    import django_rq
    from redis import Redis

    settings.RQ_QUEUES = {"default": {"URL": REDIS_URL}}
    settings.TASKS = {"default": {"BACKEND": "article3.rqtasks.RQBackend"}}
    connection = Redis.from_url(REDIS_URL)
    connection.ping()  # Redis must run: CI starts it (.ci/run)
    yield django_rq.get_queue("default")
    keys = list(connection.scan_iter("rq:*"))
    if keys:
        connection.delete(*keys)


def _queued(queue: Any) -> list[tuple[str, tuple[Any, ...]]]:
    return [(job.func_name, tuple(job.args)) for job in queue.get_jobs()]


@pytest.mark.django_db
def test_the_job_is_sent_after_the_commit_and_its_note_deleted(case: Case, rq_queue: Any,
                                                               django_capture_on_commit_callbacks: Any) -> None:
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        document = document_add(actor="test", case=case, stream=io.BytesIO(b"A statement."), filename="s.txt",
                                kind="witness_statement")
    assert _queued(rq_queue) == [] and PendingJob.objects.count() == 1, "not sent before the commit"
    for callback in callbacks:
        callback()
    assert _queued(rq_queue) == [("article3.evidence.tasks.document_process", (document.pk,))]
    assert not PendingJob.objects.exists()


@pytest.mark.django_db
def test_a_job_never_sent_is_sent_by_a_worker_later(case: Case, rq_queue: Any,
                                                    django_capture_on_commit_callbacks: Any) -> None:
    """The process died between the commit and the sending: the callbacks never ran."""
    with django_capture_on_commit_callbacks(execute=False):
        document = document_add(actor="test", case=case, stream=io.BytesIO(b"A statement."), filename="s.txt",
                                kind="witness_statement")
    assert pending_jobs_send() == 0, "a note younger than the grace period may still be sent by its process"
    later = timezone.now() + GRACE + datetime.timedelta(seconds=1)
    assert pending_jobs_send(now=later) == 1
    assert _queued(rq_queue) == [("article3.evidence.tasks.document_process", (document.pk,))]
    assert pending_jobs_send(now=later) == 0 and not PendingJob.objects.exists(), "sent once"


@pytest.mark.django_db
def test_an_upload_while_redis_is_away_is_kept_and_its_job_sent_when_it_is_back(
        case: Case, rq_queue: Any, settings: Any, django_capture_on_commit_callbacks: Any) -> None:
    import django_rq

    settings.RQ_QUEUES = {"default": {"URL": "redis://127.0.0.1:9/0"}}  # nothing listens there
    with django_capture_on_commit_callbacks(execute=True):
        document = document_add(actor="test", case=case, stream=io.BytesIO(b"A statement."), filename="s.txt",
                                kind="witness_statement")
    assert Document.objects.filter(pk=document.pk).exists() and PendingJob.objects.count() == 1
    settings.RQ_QUEUES = {"default": {"URL": REDIS_URL}}
    assert pending_jobs_send(now=timezone.now() + GRACE * 2) == 1
    assert _queued(django_rq.get_queue("default")) == [("article3.evidence.tasks.document_process", (document.pk,))]
