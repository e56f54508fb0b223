"""A record and the task that processes it commit together with the database task backend."""

import io

import pytest
from django.db import transaction
from django.test import override_settings
from django_tasks_db.models import DBTaskResult

from article3.cases.models import Case
from article3.evidence.models import Document
from article3.evidence.services import document_add

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
