"""What conversion could not do reaches the gap report, not only the document page (issue 17)."""

import io

import pytest
from django.test import Client
from django.urls import reverse

from article3.cases.models import Case
from article3.claims.report import gap_report
from article3.evidence.models import Document
from article3.evidence.services import document_add, document_process
from tests.evidence import samples

pytestmark = pytest.mark.django_db
OCR_FAILED = "Text recognition (OCR) failed; scanned pages are not searchable."


def _scan(case: Case) -> Document:
    document = document_add(actor="test", case=case, stream=io.BytesIO(samples.scanned_pdf(["Scars on the back"])),
                            filename="scan.pdf", kind="medical", title="Medical scan", process=False)
    return document_process(document=document, ocr=False)


def test_pages_never_read_by_ocr_are_a_gap(case: Case, as_alice: Client) -> None:
    document = _scan(case)
    (finding,) = [f for f in gap_report(case=case).findings if f.code == "document_not_fully_read"]
    assert finding.refs == (document.key,) and finding.severity == "medium"
    assert finding.message.startswith(f"Medical scan ({document.key}): Some pages have no text and OCR was not run")
    assert "All pages have no text (pages: 1)" in finding.message
    gaps = as_alice.get(reverse("case_gaps", kwargs={"case_id": case.public_id})).content.decode()
    assert "All pages have no text (pages: 1)" in gaps


def test_a_failed_ocr_is_shown_on_the_page_the_list_and_the_gap_report(case: Case, as_alice: Client) -> None:
    document = _scan(case)
    Document.objects.filter(pk=document.pk).update(warnings=[OCR_FAILED])  # as `derive_pdf` records a failure
    page = as_alice.get(reverse("evidence_document", kwargs={"case_id": case.public_id, "key": document.key}))
    assert OCR_FAILED in page.content.decode() and "Process again" in page.content.decode()
    listing = as_alice.get(reverse("evidence", kwargs={"case_id": case.public_id})).content.decode()
    assert f"Warning: {OCR_FAILED}" in listing
    assert any(OCR_FAILED in f.message for f in gap_report(case=case).findings)


def test_a_document_read_in_full_is_no_gap(case: Case) -> None:
    document_add(actor="test", case=case, stream=io.BytesIO(samples.text_pdf(["One", "Two"])), filename="t.pdf",
                 kind="other", process=False)
    document_process(document=case.documents.get())
    assert not [f for f in gap_report(case=case).findings if f.code == "document_not_fully_read"]
