"""Every task delivered twice leaves the same state as delivered once.

A distributed queue delivers at least once (a worker that dies after finishing a job but before
saying so gets it run again), so the second delivery must change nothing: not a row, not a file.
"""

from collections.abc import Callable
from typing import Any

import pytest
from django.apps import apps
from django.test import TestCase
from django_tasks import TaskContext, TaskResult, TaskResultStatus

from article3 import datadir
from article3.bundles.services import bundle_request
from article3.bundles.tasks import bundle_run_task
from article3.cases.models import Case
from article3.chronology.services import statements_read_request
from article3.chronology.tasks import statements_extract_task
from article3.coi.tasks import poll_feeds
from article3.deadlines.tasks import reminders_send
from article3.docs.services import generated_request
from article3.docs.tasks import generate_document_task
from article3.evidence.services import document_process
from article3.evidence.tasks import document_process as document_task
from article3.exports.services import export_request
from article3.exports.tasks import export_make_task
from article3.integrity import fixity_task
from article3.retention import retention_purge_task


def state() -> dict[str, Any]:
    """Every row of every table of the application, and every file of the vault."""
    rows = {}
    for model in apps.get_models():
        if model.__module__.startswith("article3."):
            rows[model._meta.label] = list(model._default_manager.order_by("pk").values())
    vault = datadir.root() / "vault"
    rows["vault files"] = sorted(str(p.relative_to(vault)) for p in vault.rglob("*") if p.is_file()
                                 and "tmp" not in p.relative_to(vault).parts)
    return rows


def twice(deliver: Callable[[], object], *, works: bool = True) -> None:
    """Deliver twice; the first delivery does the work (when `works`), the second changes nothing."""
    before = state()
    deliver()
    once = state()
    assert (once != before) is works
    deliver()
    assert state() == once


def converted(case: Case) -> None:
    for document in case.documents.all():
        document_process(document=document, ocr=False)


@pytest.mark.django_db
def test_converting_a_document(demo_case: Case) -> None:
    document = demo_case.documents.order_by("pk").first()
    assert document is not None and document.status == "received"
    twice(lambda: document_task.call(document.pk))
    document.refresh_from_db()
    assert document.status in ("ready", "failed")


@pytest.mark.django_db
def test_building_a_bundle(demo_case: Case) -> None:
    converted(demo_case)
    build = bundle_request(actor="test", case=demo_case, profile="us-eoir", queue=False)
    twice(lambda: bundle_run_task.call(build.pk))
    build.refresh_from_db()
    assert build.status == "done", build.error_message


@pytest.mark.django_db
def test_generating_a_document(demo_case: Case) -> None:
    generated = generated_request(actor="test", case=demo_case, kind="declaration", queue=False)
    twice(lambda: generate_document_task.call(generated.pk))
    generated.refresh_from_db()
    assert generated.status == "done", generated.error_message


@pytest.mark.django_db
def test_making_the_gap_report_pdf_and_a_case_package(demo_case: Case) -> None:
    for kind in ("gap_report", "case_package"):
        with TestCase.captureOnCommitCallbacks(execute=False):  # queued: the worker delivers it below
            export = export_request(actor="test", case=demo_case, kind=kind)
        twice(lambda: export_make_task.call(export.pk))  # noqa: B023 (called within the iteration)
        export.refresh_from_db()
        assert export.status == "done", export.error_message


@pytest.mark.django_db
def test_reading_a_document_for_dated_statements(demo_case: Case) -> None:
    converted(demo_case)
    document = demo_case.documents.get(key="d-declaration")
    with TestCase.captureOnCommitCallbacks(execute=False):
        reading = statements_read_request(actor="test", document=document)
    twice(lambda: statements_extract_task.call(reading.pk))
    reading.refresh_from_db()
    assert reading.status == "done" and reading.found > 0


@pytest.mark.django_db
def test_the_nightly_purge_the_reminders_and_the_feeds(demo_case: Case) -> None:
    # Nothing is due in the demo case: what matters is that a second run finds nothing more to do.
    twice(lambda: retention_purge_task.call(), works=False)
    twice(lambda: reminders_send.call("2026-03-10"), works=False)
    twice(lambda: poll_feeds.call(), works=False)


@pytest.mark.django_db
def test_the_fixity_check_records_one_run_however_often_it_is_delivered(demo_case: Case) -> None:
    result: TaskResult[Any] = TaskResult(
        task=fixity_task, id="run-1", status=TaskResultStatus.RUNNING, enqueued_at=None, started_at=None,
        last_attempted_at=None, finished_at=None, args=[], kwargs={}, backend="default", errors=[], worker_ids=[])
    context = TaskContext(task_result=result)
    twice(lambda: fixity_task.call(context))
    from article3.audit.models import AuditEntry

    assert AuditEntry.objects.filter(action="integrity.fixity.checked").count() == 1
