"""Documents an interrupted `evidence add` left behind, "process again", and pages without text (issue 17)."""

import datetime
import io
import uuid
from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult, get_date_max

from article3.audit.models import AuditEntry
from article3.cases.models import Case
from article3.errors import DomainError
from article3.evidence.models import Document, Status
from article3.evidence.services import document_add, document_process, document_reprocess
from article3.tasks_sweep import documents_sweep, worker_alive, worker_register
from tests.conftest import client_for
from tests.evidence import samples

pytestmark = pytest.mark.django_db
Capture = Callable[..., Any]


def _left_by(case: Case, holder: str, status: str = Status.PROCESSING) -> Document:
    """A document as `evidence add` leaves it when killed while converting."""
    document = document_add(actor="test", case=case, stream=io.BytesIO(b"A statement.\n" * 5), filename="s.txt",
                            kind="other", process=False)
    Document.objects.filter(pk=document.pk).update(status=status, progress="OCR: 3 of 9", processing_by=holder)
    document.refresh_from_db()
    return document


def _url(name: str, document: Document) -> str:
    return reverse(name, kwargs={"case_id": document.case.public_id, "key": document.key})


def test_a_document_left_processing_by_a_killed_command_is_converted_again(
        case: Case, django_capture_on_commit_callbacks: Capture) -> None:
    document = _left_by(case, "w-1-gone")
    with django_capture_on_commit_callbacks(execute=True):
        report = documents_sweep()
    document.refresh_from_db()
    assert report.requeued == [document.key] and document.status == Status.READY and document.pages == 1


def test_a_command_still_converting_is_left_alone(case: Case) -> None:
    holder, lock = worker_register()
    with lock:
        assert worker_alive(holder)
        document = _left_by(case, holder)
        assert documents_sweep().requeued == []
        with pytest.raises(DomainError, match="being converted now"):
            document_reprocess(actor="test", document=document)


def test_a_document_never_started_is_picked_up_after_a_while(case: Case) -> None:
    document = _left_by(case, "", status=Status.RECEIVED)
    assert documents_sweep().requeued == [], "a command may be about to convert it"
    later = timezone.now() + datetime.timedelta(hours=1)
    assert documents_sweep(now=later).requeued == [document.key]


def test_a_document_with_a_queued_task_is_left_to_it(case: Case) -> None:
    document = _left_by(case, "")
    DBTaskResult.objects.create(
        id=uuid.uuid4(), status="READY", task_path="article3.evidence.tasks.document_process",
        args_kwargs={"args": [document.pk], "kwargs": {}}, backend_name="default", run_after=get_date_max())
    assert documents_sweep().requeued == []


def test_the_page_of_a_stalled_document_offers_process_again(case: Case, alice: User, bob: User,
                                                              django_capture_on_commit_callbacks: Capture) -> None:
    document = _left_by(case, "w-1-gone")
    page = client_for(alice).get(_url("evidence_document", document)).content.decode()
    assert "stopped before it finished" in page and "Process again" in page
    assert "Process again" not in client_for(bob).get(_url("evidence_document", document)).content.decode()
    assert client_for(bob).post(_url("evidence_process_again", document)).status_code == 403
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(alice).post(_url("evidence_process_again", document))
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.status == Status.READY
    assert AuditEntry.objects.filter(action="evidence.document.requeued", case_id=case.pk).count() == 1
    assert document.custody.filter(action="requeued").exists()


def test_pages_without_text_are_shown_on_the_page_and_in_the_list(case: Case, alice: User) -> None:
    document = document_add(actor="test", case=case, stream=io.BytesIO(samples.scanned_pdf(["Scars on the back"])),
                            filename="scan.pdf", kind="medical", process=False)
    document = document_process(document=document, ocr=False)
    assert document.status == Status.READY
    assert any("All pages have no text (pages: 1)" in w for w in document.warnings)
    page = client_for(alice).get(_url("evidence_document", document)).content.decode()
    assert "Ready, with warnings" in page and "no text" in page and "Process again" in page
    listing = client_for(alice).get(reverse("evidence", kwargs={"case_id": case.public_id})).content.decode()
    assert "Warning: All pages have no text" in listing
    status = client_for(alice).get(reverse("evidence_status", kwargs={"case_id": case.public_id})).json()
    assert status["documents"][0]["warnings"] == document.warnings


def test_a_document_with_text_has_no_warning(case: Case) -> None:
    document = document_add(actor="test", case=case, stream=io.BytesIO(samples.text_pdf(["One", "Two"])),
                            filename="t.pdf", kind="other", process=False)
    assert document_process(document=document).warnings == []

