"""A member who reads French or Spanish sees the case pages in that language: headings, tabs, buttons."""

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from article3.cases.models import Case
from tests.conftest import client_for, client_speaking

pytestmark = pytest.mark.django_db

# Per page: what a French and a Spanish reader sees, and the English it replaces.
PAGES = {
    "dashboard": [("Vos dossiers", "Sus expedientes", "Your cases"),
                  ("Prochain délai", "Próximo plazo", "Next deadline"),
                  ("Afficher les dossiers clos", "Mostrar expedientes cerrados", "Show closed cases")],
    "case_detail": [("Prochaines étapes", "Qué hacer a continuación", "What to do next"),
                    ("Ce qui est là, et ce qui manque", "Qué hay y qué falta", "What is here, and what is missing"),
                    ("Modifier les informations du dossier", "Editar los datos del expediente", "Edit case details")],
    "case_intake": [("1. Le demandeur et son parcours personnel", "1. El solicitante y su historia personal",
                     "1. The applicant and personal history"),
                    ("Enregistrer cette section", "Guardar esta sección", "Save this section"),
                    ("Préjudices subis", "Daños sufridos", "Past harm"),
                    ("Date de naissance", "Fecha de nacimiento", "Birth date")],
    "case_people": [("Persécuteurs redoutés", "Agentes temidos", "Feared agents"),
                    ("Ajouter une personne", "Añadir una persona", "Add a person")],
    "case_team": [("Rôle dans ce dossier", "Rol en este expediente", "Role on this case"),
                  ("Ajouter un collègue", "Añadir un colega", "Add a colleague")],
    "case_client": [("Qui peut se connecter", "Quién puede iniciar sesión", "Who can sign in"),
                    ("Réponses du client", "Respuestas del cliente", "Answers from the client"),
                    ("Inviter le client", "Invitar al cliente", "Invite the client")],
}
# The case tabs and the main navigation, on every case page.
SHELL = [("Vue d’ensemble", "Resumen", ">Overview<"), ("Entretien initial", "Entrevista inicial", ">Intake<"),
         ("Journal d’audit", "Registro de auditoría", ">Audit log<"), ("Dossiers", "Expedientes", ">Cases<")]


def _page(client: Client, case: Case, name: str) -> str:
    url = reverse(name) if name == "dashboard" else reverse(name, kwargs={"case_id": case.public_id})
    response = client.get(url)
    assert response.status_code == 200, name
    return response.content.decode()


@pytest.mark.parametrize("language", ["fr", "es"])
def test_a_member_reads_the_case_pages_in_their_language(case: Case, alice: User,
                                                         language: str) -> None:
    client = client_speaking(alice, language)
    column = 0 if language == "fr" else 1
    for name, phrases in PAGES.items():
        page = _page(client, case, name)
        assert f'<html lang="{language}"' in page, name
        for phrase in phrases:
            assert phrase[column] in page, (name, phrase[column])
            assert phrase[2] not in page, (name, phrase[2])
        if name != "dashboard":
            for tab in SHELL:
                assert tab[column] in page and tab[2] not in page, (name, tab)


def test_stages_and_messages_follow_the_language(case: Case, alice: User) -> None:
    client = client_speaking(alice, "fr")
    assert "Entretien initial</small>" in _page(client, case, "case_detail"), "the case's stage, in French"
    url = reverse("case_intake_profile", kwargs={"case_id": case.public_id})
    page = client.post(url, {"version": case.version, "risk_profile": "Journalist"}, follow=True).content.decode()
    assert "Le profil est enregistré." in page and "The profile is saved." not in page


def test_a_refused_edit_says_why_in_spanish(case: Case, alice: User) -> None:
    client = client_speaking(alice, "es")
    url = reverse("case_intake_applicant", kwargs={"case_id": case.public_id})
    page = client.post(url, {"version": case.applicant.version, "name": "Test Applicant",
                             "birth_date": "1990/1991", "nationality": "CM"}).content.decode()
    assert "Indique una sola fecha de nacimiento" in page and "Give one date of birth" not in page


def test_english_stays_the_default(case: Case, alice: User) -> None:
    page = _page(client_for(alice), case, "case_detail")
    assert "What to do next" in page and ">Overview<" in page and "Prochaines étapes" not in page
