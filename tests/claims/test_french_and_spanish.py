"""The element matrix, an element, a fact and its form, the gap report and the questions in French and Spanish:
the interface words are translated; element labels, citations and the rule pack's own text are not."""

import io

import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import translation
from pdfminer.high_level import extract_text

from article3.cases.models import Case
from article3.claims.services import gap_report_export
from tests.claims.factories import fact_for, support_for
from tests.conftest import client_speaking

pytestmark = pytest.mark.django_db

WORDS = {
    "fr": {"matrix": "Grille des éléments", "gaps": "Rapport des lacunes", "unverified": "non vérifié",
           "pdf": "Produire un PDF de ce rapport", "add": "Ajouter un fait", "save": "Enregistrer",
           "rests": "Ce sur quoi il repose", "questions": "Questions pour le client", "facts": "Faits",
           "field": "Fait"},
    "es": {"matrix": "Matriz de elementos", "gaps": "Informe de carencias", "unverified": "no verificado",
           "pdf": "Generar un PDF de este informe", "add": "Añadir un hecho", "save": "Guardar",
           "rests": "En qué se basa", "questions": "Preguntas para el cliente", "facts": "Hechos",
           "field": "Hecho"},
}
ENGLISH = ["Element matrix", "Gap report", ">unverified<", "Make a PDF of this report", "Add a fact",
           "What it rests on", "How well each element is supported", "Standard of proof"]


def url(name: str, case: Case, **kwargs: object) -> str:
    return reverse(name, kwargs={"case_id": case.public_id, **kwargs})


@pytest.mark.parametrize("language", ["fr", "es"])
def test_the_claims_pages_speak_the_members_language(alice: User, case: Case,
                                                     language: str) -> None:
    support_for(case, fact_for(case))
    client, words = client_speaking(alice, language), WORDS[language]
    pages = {name: client.get(address).content.decode() for name, address in {
        "matrix": url("case_elements", case), "element": url("case_element", case, code="past_torture"),
        "fact": url("case_fact", case, key="f-test"), "form": url("case_fact_add", case),
        "gaps": url("case_gaps", case), "questions": url("case_questions", case)}.items()}
    matrix = pages["matrix"]
    assert words["matrix"] in matrix and words["facts"] in matrix and words["unverified"] in matrix
    assert "8 CFR 1208.16(c)(2)" in matrix, "citations stay as they are"
    assert words["gaps"] in pages["gaps"] and words["pdf"] in pages["gaps"]
    assert words["rests"] in pages["fact"] and "Gendarmes held the applicant for five days." in pages["fact"]
    assert words["add"] in pages["form"] and words["save"] in pages["form"] \
        and f'<label for="id_text">{words["field"]}' in pages["form"]
    assert words["questions"] in pages["questions"]
    for name, page in pages.items():
        assert f'<html lang="{language}"' in page, name
        for english in ENGLISH:
            assert english not in page, (name, english)


def test_the_gap_report_pdf_stays_in_english_whoever_asks(case: Case) -> None:
    """Its headings are English; its findings follow them, even where the task runs in a French request."""
    with translation.override("fr"):
        content = gap_report_export(actor="test", case=case)
    text = extract_text(io.BytesIO(content))
    assert "No fact supports" in text and "Aucun fait" not in text
