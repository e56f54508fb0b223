"""Uploading evidence as a paralegal would: several files at once, one of them broken."""

import io
from collections.abc import Callable
from typing import Any

import pikepdf
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from article3.audit.models import AuditEntry
from article3.cases.models import Case
from article3.evidence.models import Document
from article3.evidence.storage import vault
from tests.evidence import samples


def _url(name: str, case: Case, **kw: str) -> str:
    return reverse(name, kwargs={"case_id": case.public_id, **kw})


def _upload(client: Client, case: Case, files: dict[str, bytes], **meta: str) -> Any:
    data = {"kind": "other", "language": "en", **meta,
            "uploads": [SimpleUploadedFile(name, content) for name, content in files.items()]}
    return client.post(_url("evidence_upload", case), data, HTTP_ACCEPT="application/json")


@pytest.mark.django_db
def test_photo_scan_word_and_broken_pdf(case: Case, as_alice: Client,
                                        django_capture_on_commit_callbacks: Callable[..., Any]) -> None:
    files = {
        "IMG_2041.jpg": samples.phone_photo(),
        "scan.pdf": samples.scanned_pdf(["Medical certificate", "Linear scars on the back"]),
        "letter.docx": samples.word_document(["The applicant was detained in March 2019."]),
        "broken.pdf": samples.broken_pdf(),
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = _upload(as_alice, case, files)
    assert response.status_code == 200
    assert all(r["ok"] for r in response.json()["results"]), "every file is taken in"
    documents = {d.original_name: d for d in Document.objects.filter(case=case)}
    for name in ("IMG_2041.jpg", "scan.pdf", "letter.docx"):
        assert documents[name].status == "ready", documents[name].error_message
        assert documents[name].pages == 1
    photo = documents["IMG_2041.jpg"]
    with pikepdf.open(io.BytesIO(b"".join(vault().iter_plain(photo.derived_sha256)))) as pdf:
        box = pdf.pages[0].mediabox
        rotate = int(pdf.pages[0].obj.get("/Rotate", 0))
        width, height = float(box[2]) - float(box[0]), float(box[3]) - float(box[1])
        assert (height > width) != (rotate % 180 == 90), "the photo is upright, as the phone showed it"
    scan_text = documents["scan.pdf"].page_texts.get(number=1).text.lower()
    assert "scars" in scan_text and documents["scan.pdf"].page_texts.get(number=1).ocr
    assert "detained" in documents["letter.docx"].page_texts.get(number=1).text
    broken = documents["broken.pdf"]
    assert broken.status == "failed" and broken.error_code and "PDF" in broken.error_message
    # Nothing else on the case changed: the good documents are intact and their originals untouched.
    assert vault().verify(photo.original_sha256)
    assert b"".join(vault().iter_plain(photo.original_sha256)) == files["IMG_2041.jpg"]
    page = as_alice.get(_url("evidence_document", case, key=photo.key)).content.decode()
    assert "(1 page)" in page and "(1 pages)" not in page  # regression: "(1 pages)"


@pytest.mark.django_db
def test_unsupported_file_is_refused_with_what_is_accepted(case: Case, as_alice: Client) -> None:
    response = _upload(as_alice, case, {"evil.html": b"<html><script>alert(1)</script></html>"})
    (result,) = response.json()["results"]
    assert result["ok"] is False and "PDF" in result["error"] and "JPEG" in result["error"]
    assert not Document.objects.filter(case=case).exists()


@pytest.mark.django_db
def test_downloads_are_attachments_and_audited(case: Case, as_alice: Client,
                                               django_capture_on_commit_callbacks: Callable[..., Any]) -> None:
    content = samples.text_pdf(["Declaration of the applicant"])
    with django_capture_on_commit_callbacks(execute=True):
        _upload(as_alice, case, {"decl.pdf": content}, kind="declaration")
    document = Document.objects.get(case=case)
    response = as_alice.get(_url("evidence_original", case, key=document.key))
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Cache-Control"] == "no-store" and response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == content  # type: ignore[attr-defined]
    pdf = as_alice.get(_url("evidence_pdf", case, key=document.key))
    assert pdf["Content-Type"] == "application/pdf" and pdf["Content-Disposition"].startswith("inline;")
    assert AuditEntry.objects.filter(action="evidence.document.downloaded", case_id=case.pk).count() == 2


@pytest.mark.django_db
def test_stored_files_are_encrypted_at_rest(case: Case, as_alice: Client, data_dir: Any,
                                            django_capture_on_commit_callbacks: Callable[..., Any]) -> None:
    canary = "CANARY-7f3a9c-tortured-at-the-gendarmerie"
    with django_capture_on_commit_callbacks(execute=True):
        _upload(as_alice, case, {"note.txt": canary.encode()}, kind="witness_statement")
    assert Document.objects.get(case=case).status == "ready"
    for path in (data_dir / "vault").rglob("*"):
        if path.is_file():
            assert canary.encode() not in path.read_bytes(), path
