"""Each upload's own status until it ends, and the same file refused the second time (issue 16)."""

import io
from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from article3.bundles.models import BundleBuild
from article3.cases.models import Case
from article3.errors import DomainError
from article3.evidence.models import Document
from article3.evidence.services import document_add, document_withdraw, progress_words
from article3.words import progress_fields
from tests.conftest import client_for

pytestmark = pytest.mark.django_db
STATEMENT = b"The applicant was detained in March 2019.\n" * 5


def _upload(client: Client, case: Case, name: str, content: bytes, title: str = "") -> dict[str, Any]:
    response = client.post(reverse("evidence_upload", kwargs={"case_id": case.public_id}),
                           {"kind": "medical", "title": title, "uploads": [SimpleUploadedFile(name, content)]},
                           HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    return dict(response.json()["results"][0])


def test_an_upload_answers_with_its_row_and_its_status_ends(
        case: Case, as_alice: Client, django_capture_on_commit_callbacks: Callable[..., Any]) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        result = _upload(as_alice, case, "evaluation.txt", STATEMENT, title="Medical evaluation")
    assert result["ok"] and result["title"] == "Medical evaluation" and result["kind"] == "Medical report"
    status = as_alice.get(result["status_url"]).json()
    assert status["finished"] is True and status["status"] == "ready" and status["label"] == "Ready"
    assert status["pages"] == 1 and status["error"] == "" and status["withdrawn"] is False


def test_status_while_converting_is_in_words_and_not_finished(case: Case, as_alice: Client) -> None:
    document = document_add(actor="test", case=case, stream=io.BytesIO(STATEMENT), filename="s.txt", kind="other",
                            process=False)
    Document.objects.filter(pk=document.pk).update(status="processing", **progress_fields(progress_words(3, 10, "ocr")))
    url = reverse("evidence_document_status", kwargs={"case_id": case.public_id, "key": document.key})
    status = as_alice.get(url).json()
    assert status["finished"] is False and status["label"] == "Processing"
    assert status["progress"] == "reading scanned pages: 3 of 10 pages done"


def test_status_of_another_organisations_document_is_404(case: Case, charlie: User) -> None:
    document = document_add(actor="test", case=case, stream=io.BytesIO(STATEMENT), filename="s.txt", kind="other",
                            process=False)
    url = reverse("evidence_document_status", kwargs={"case_id": case.public_id, "key": document.key})
    assert client_for(charlie).get(url).status_code == 404


def test_the_same_file_again_is_refused_naming_its_exhibit_and_title(case: Case, as_alice: Client) -> None:
    first = _upload(as_alice, case, "evaluation.pdf.txt", STATEMENT, title="Medical evaluation")
    BundleBuild.objects.create(case=case, profile="generic", requested_by="test", status="done",
                               exhibits=[{"key": first["key"], "label": "C", "start": 1, "end": 1}])
    again = _upload(as_alice, case, "scan-copy.txt", STATEMENT)
    assert not again["ok"]
    assert "already uploaded as Exhibit C, \u2018Medical evaluation\u2019" in again["error"]
    assert case.documents.count() == 1, "not stored twice"


def test_a_withdrawn_twin_is_offered_for_restoring(case: Case) -> None:
    document = document_add(actor="test", case=case, stream=io.BytesIO(STATEMENT), filename="s.txt", kind="other",
                            title="Statement", process=False)
    document_withdraw(actor="test", document=document, reason="copy", expected_version=document.version)
    with pytest.raises(DomainError, match="It is withdrawn: open it and restore it instead"):
        document_add(actor="test", case=case, stream=io.BytesIO(STATEMENT), filename="t.txt", kind="other")


def test_the_same_file_in_another_case_is_taken(case: Case, org_a: Any, alice: User) -> None:
    from article3.cases.services import case_create

    other = case_create(actor=alice, organisation=org_a, reference="OTHER-1", forum="us-eoir", owner_id=alice.pk,
                        country_of_return="CM", applicant_name="Someone Else")
    for target in (case, other):
        document_add(actor="test", case=target, stream=io.BytesIO(STATEMENT), filename="s.txt", kind="other",
                     process=False)
    assert Document.objects.filter(original_sha256=case.documents.get().original_sha256).count() == 2


def _scan_pdf(pages: int, shade: int = 255) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    images = [Image.new("RGB", (200, 260), (shade, shade, shade - i % 3)) for i in range(pages)]
    images[0].save(out, "PDF", resolution=20, save_all=True, append_images=images[1:])
    return out.getvalue()


def test_one_organisation_cannot_queue_more_pages_than_its_limit(case: Case, settings: Any) -> None:
    settings.OCR_QUEUE_PAGES = 10
    big = document_add(actor="test", case=case, stream=io.BytesIO(_scan_pdf(8)), filename="big.pdf", kind="other")
    assert big.status == "received" and big.pages == 8, "queued, counted by its pages"
    with pytest.raises(DomainError, match=r"already has 8 pages waiting .* this file has 3 more: together over the "
                                          r"limit of 10 pages .* This file was not stored"):
        document_add(actor="test", case=case, stream=io.BytesIO(_scan_pdf(3, 250)), filename="more.pdf",
                     kind="other")
    assert case.documents.count() == 1
    small = document_add(actor="test", case=case, stream=io.BytesIO(_scan_pdf(2, 245)), filename="two.pdf",
                         kind="other")
    assert small.pages == 2, "what fits under the limit is still taken"
    Document.objects.filter(case=case).update(status="ready")
    document_add(actor="test", case=case, stream=io.BytesIO(_scan_pdf(9, 240)), filename="later.pdf", kind="other")


def test_a_large_file_at_an_empty_queue_is_taken(case: Case, settings: Any) -> None:
    settings.OCR_QUEUE_PAGES = 5
    document = document_add(actor="test", case=case, stream=io.BytesIO(_scan_pdf(7)), filename="scan.pdf",
                            kind="other")
    assert document.pages == 7


def test_an_empty_file_among_others_is_refused_alone_with_what_to_do(case: Case, as_alice: Client) -> None:
    response = as_alice.post(reverse("evidence_upload", kwargs={"case_id": case.public_id}), {
        "kind": "other", "uploads": [SimpleUploadedFile("empty.txt", b""), SimpleUploadedFile("s.txt", STATEMENT)]},
        HTTP_ACCEPT="application/json")
    empty, taken = response.json()["results"]
    assert not empty["ok"] and "This file is empty (0 bytes)" in empty["error"] and "upload it again" in empty["error"]
    assert taken["ok"] and case.documents.count() == 1


def test_the_document_page_shows_the_pages_read_so_far(case: Case, as_alice: Client) -> None:
    document = document_add(actor="test", case=case, stream=io.BytesIO(STATEMENT), filename="s.txt", kind="other",
                            process=False)
    Document.objects.filter(pk=document.pk).update(status="processing",
                                                  **progress_fields(progress_words(120, 3000, "ocr")))
    page = as_alice.get(reverse("evidence_document", kwargs={"case_id": case.public_id, "key": document.key}))
    assert "reading scanned pages: 120 of 3000 pages done" in page.content.decode()
