"""What the worker writes on a document (why it failed, what it could not do, the step it is at) is kept with
its words and read in the member's language; the record and the API keep the English."""

import io
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import translation

from article3.cases.models import Case
from article3.evidence.ingest import IngestError, ingest_file
from article3.evidence.models import Document
from article3.evidence.services import _document_failed, document_add, document_process, progress_words
from article3.words import progress_fields
from tests.api.helpers import Api, token_for
from tests.conftest import client_speaking
from tests.evidence import samples

pytestmark = pytest.mark.django_db
BROKEN = "This PDF is too damaged to read."
WORDS = {
    "fr": {"broken": "Ce PDF est trop endommagé pour être lu.",
           "limit": "Ce fichier fait 3 Mo ; la limite est de 1 Mo.",
           "progress": "lecture des pages numérisées : 3 pages sur 10 faites",
           "no_ocr": "Certaines pages n’ont pas de texte et l’OCR n’a pas été lancée sur elles."},
    "es": {"broken": "Este PDF está demasiado dañado para leerlo.",
           "limit": "Este archivo ocupa 3 MB; el límite es de 1 MB.",
           "progress": "lectura de las páginas escaneadas: 3 de 10 páginas hechas",
           "no_ocr": "Algunas páginas no tienen texto y no se les aplicó el OCR."},
}


def _add(case: Case, data: bytes, name: str) -> Document:
    return document_add(actor="test", case=case, stream=io.BytesIO(data), filename=name, kind="other", process=False)


def _pages(client: object, case: Case, document: Document) -> str:
    """The evidence list, the document's page and its status (as the upload rows read it), as one text."""
    keys = {"case_id": case.public_id, "key": document.key}
    listing = client.get(reverse("evidence", kwargs={"case_id": case.public_id})).content.decode()  # type: ignore[attr-defined]
    page = client.get(reverse("evidence_document", kwargs=keys)).content.decode()  # type: ignore[attr-defined]
    status = client.get(reverse("evidence_document_status", kwargs=keys)).json()  # type: ignore[attr-defined]
    return "\n".join([listing, page, status["progress"], status["error"], *status["warnings"]])


@pytest.mark.parametrize("language", ["fr", "es"])
def test_why_a_document_could_not_be_converted_is_read_in_the_members_language(
        language: str, case: Case, alice: User) -> None:
    document = document_process(document=_add(case, samples.broken_pdf(), "broken.pdf"), ocr=False)
    assert document.status == "failed" and document.error_message.startswith(BROKEN), "the record keeps the English"
    shown = _pages(client_speaking(alice, language), case, document)
    assert shown.count(WORDS[language]["broken"]) >= 3, "on the list, the page and the upload row"
    assert BROKEN not in shown


@pytest.mark.parametrize("language", ["fr", "es"])
def test_a_limit_is_worded_with_its_number(language: str, case: Case, alice: User, tmp_path: Path) -> None:
    source = tmp_path / "scan.pdf"
    source.write_bytes(b"%PDF-1.4\n" + bytes(3 * 1_048_576))
    with pytest.raises(IngestError) as refused:
        ingest_file(source=source, workdir=tmp_path / "work", language=None, max_bytes=1_048_576)
    assert refused.value.message.startswith("This file is 3 MB; the limit is 1 MB.")
    document = _add(case, samples.broken_pdf(), "scan.pdf")
    _document_failed(document=document, code=refused.value.code, words=refused.value.words)
    shown = _pages(client_speaking(alice, language), case, document)
    assert WORDS[language]["limit"] in shown and "the limit is" not in shown


@pytest.mark.parametrize("language", ["fr", "es"])
def test_the_step_and_the_warnings_are_read_in_the_members_language(language: str, case: Case, alice: User) -> None:
    converting = _add(case, b"A statement.", "statement.txt")
    Document.objects.filter(pk=converting.pk).update(status="processing",
                                                     **progress_fields(progress_words(3, 10, "ocr")))
    scan = document_process(document=_add(case, samples.scanned_pdf(["Scars on the back"]), "scan.pdf"), ocr=False)
    assert "Some pages have no text and OCR was not run on them." in scan.warnings
    client = client_speaking(alice, language)
    assert WORDS[language]["progress"] in _pages(client, case, converting)
    shown = _pages(client, case, scan)
    assert WORDS[language]["no_ocr"] in shown and "OCR was not run" not in shown


def test_a_document_failed_before_its_words_were_kept_shows_its_english(case: Case, alice: User) -> None:
    document = _add(case, b"A statement.", "statement.txt")
    Document.objects.filter(pk=document.pk).update(
        status="failed", error_code="timeout", error_message="Processing took too long (an older message).",
        warnings=["An older warning."], progress="")
    processing = _add(case, b"Another statement.", "other.txt")
    Document.objects.filter(pk=processing.pk).update(status="processing", progress="converting to PDF (step 1 of 4)")
    client = client_speaking(alice, "fr")
    shown = _pages(client, case, document)
    assert "Processing took too long (an older message)." in shown and "An older warning." in shown
    assert "conversion en PDF (étape 1 sur 4)" not in _pages(client, case, processing), "English text is not parsed"
    assert "converting to PDF (step 1 of 4)" in _pages(client, case, processing)


def test_the_api_answers_in_english(case: Case, alice: User) -> None:
    document = document_process(document=_add(case, samples.broken_pdf(), "broken.pdf"), ocr=False)
    api = Api(token_for(alice))
    with translation.override("fr"):
        listed = api.get(f"/api/v1/cases/{case.public_id}/documents/", HTTP_ACCEPT_LANGUAGE="fr").json()
    (row,) = [row for row in listed if row["key"] == document.key]
    assert row["error_message"].startswith(BROKEN)
