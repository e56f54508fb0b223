"""The evidence pages in French and in Spanish: the words around the documents, not the documents."""

import json
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from article3.cases.models import Case
from tests.chronology.factories import document_for
from tests.conftest import client_speaking

pytestmark = pytest.mark.django_db
WORDS: dict[str, dict[str, Any]] = {
    "fr": {"evidence": ["<h1>Preuves</h1>", "Ajouter des documents", ">Téléverser</button>", "Rapport médical"],
           "document": ["Historique (chaîne de possession)", "Remplacer l’original", "Ajouter une constatation",
                        "Retirer ce document", "Degré selon le Protocole d’Istanbul"],
           "script": "Masquer", "empty": "Ce fichier est vide (0 octet)", "taken": "non accepté",
           "not_ready": "<h1>Pas prêt</h1>"},
    "es": {"evidence": ["<h1>Pruebas</h1>", "Añadir documentos", ">Subir</button>", "Informe médico"],
           "document": ["Historial (cadena de custodia)", "Sustituir el original", "Añadir un hallazgo",
                        "Retirar este documento", "Grado según el Protocolo de Estambul"],
           "script": "Descartar", "empty": "Este archivo está vacío (0 bytes)", "taken": "no aceptado",
           "not_ready": "<h1>No está listo</h1>"},
}
ENGLISH = ["<h1>Evidence</h1>", "Add documents", "History (chain of custody)", "Replace original", "Add a finding",
           "Medical report", "Istanbul Protocol level"]


def _url(name: str, case: Case, **kwargs: str) -> str:
    return reverse(name, kwargs={"case_id": case.public_id, **kwargs})


@pytest.fixture
def report(case: Case) -> str:
    return document_for(case, key="d-medical", kind="medical", pages=("Scars on both wrists.",)).key


@pytest.mark.parametrize("language", ["fr", "es"])
def test_the_evidence_and_document_pages(language: str, case: Case, alice: User, report: str) -> None:
    client = client_speaking(alice, language)
    evidence = client.get(_url("evidence", case)).content.decode()
    document = client.get(_url("evidence_document", case, key=report)).content.decode()
    words = WORDS[language]
    assert f'<html lang="{language}"' in evidence
    assert all(w in evidence for w in words["evidence"]), evidence
    assert all(w in document for w in words["document"]), document
    for english in ENGLISH:
        assert english not in evidence and english not in document, english
    script = evidence.split('id="upload-words" type="application/json">')[1].split("</script>")[0]
    assert json.loads(script)["dismiss"] == words["script"], "the upload script's words come from the page"


@pytest.mark.parametrize("language", ["fr", "es"])
def test_an_upload_refused_says_why_in_the_members_language(language: str, case: Case, alice: User) -> None:
    client = client_speaking(alice, language)
    empty = {"kind": "other", "uploads": SimpleUploadedFile("blank.pdf", b"")}
    answer = client.post(_url("evidence_upload", case), empty, headers={"Accept": "application/json"}).json()
    assert not answer["results"][0]["ok"] and answer["results"][0]["error"].startswith(WORDS[language]["empty"])
    page = client.post(_url("evidence_upload", case), {"kind": "other",
                                                        "uploads": SimpleUploadedFile("blank.pdf", b"")})
    assert WORDS[language]["taken"] in page.content.decode()


@pytest.mark.parametrize("language", ["fr", "es"])
def test_a_pdf_not_made_yet(language: str, case: Case, alice: User, report: str) -> None:
    page = client_speaking(alice, language).get(_url("evidence_pdf", case, key=report))
    assert WORDS[language]["not_ready"] in page.content.decode()


def test_english_stays_english(case: Case, as_alice: Client, report: str) -> None:
    page = as_alice.get(_url("evidence_document", case, key=report)).content.decode()
    assert "History (chain of custody)" in page and "Historique" not in page
