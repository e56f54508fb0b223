"""Hearing preparation, the emergency pages, interpreters, case packages and API tokens for a member
who chose French or Spanish: the pages speak their language, the API stays in English."""

import datetime

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from article3.cases.models import Case, Person
from article3.remedies.models import Removal
from tests.conftest import client_speaking
from tests.hearing.factories import note_for, outline_item_for, witness_for
from tests.interpreters.factories import booking_for, interpreter_for, needs_arabic

pytestmark = pytest.mark.django_db

# For each page: words it shows in French, in Spanish, and the English it shows no more.
PAGES = {
    "hearing/": ({"Préparation de l’audience", "Contre-interrogatoire prévisible",
                  "Plan de l’interrogatoire principal"},
                 {"Preparación de la audiencia", "Contrainterrogatorio previsible", "Guion del interrogatorio directo"},
                 {"Hearing preparation", "Anticipated cross-examination", "Direct-examination outline"}),
    "hearing/outline/": ({"Faits à faire ressortir", "Ajouter un thème"}, {"Hechos que deben surgir", "Añadir un tema"},
                         {"Facts to bring out", "Add a topic"}),
    "hearing/witnesses/": ({"Liste des témoins", "Enregistrer le témoin"}, {"Lista de testigos", "Guardar el testigo"},
                           {"Witness list", "Save the witness"}),
    "hearing/logistics/": ({"Liste de contrôle de l’audience", "Marquer comme fait"},
                           {"Lista de comprobación de la audiencia", "Marcar como hecho"},
                           {"Hearing checklist", "Mark done"}),
    "hearing/notes/": ({"Notes d’audience et issue", "Décision orale"}, {"Notas de la audiencia y resultado",
                                                                         "Resolución oral"},
                       {"Hearing notes and outcome", "Oral decision"}),
    "hearing/care/": ({"Enregistrer les notes d’entretien", "Pauses nécessaires"},
                      {"Guardar las notas de la entrevista", "Pausas necesarias"},
                      {"Save the interview notes", "Breaks needed"}),
    "hearing/interpreters/": ({"Ce dont le demandeur a besoin", "Réservations", "Réserver un interprète"},
                              {"Lo que necesita el solicitante", "Reservas", "Reservar un intérprete"},
                              {"What the applicant needs", "Book an interpreter"}),
    "hearing/interpreters/add/": ({"Réserver un interprète", "Langue requise", "Réunion avec le client"},
                                  {"Reservar un intérprete", "Idioma necesario", "Reunión con el cliente"},
                                  {"Language needed", "Meeting with the client"}),
    "emergency/": ({"Urgence : éloignement", "Démarches urgentes pour cette juridiction", "Lieu de rétention"},
                   {"Urgencia: expulsión", "Trámites urgentes para este órgano", "Lugar de detención"},
                   {"Emergency: removal", "Urgent steps for this forum", "Place of detention"}),
    "emergency/decision/": ({"De la décision au recours", "Constatations défavorables au demandeur"},
                            {"De la resolución al recurso", "Apreciaciones contrarias al solicitante"},
                            {"From the decision to a remedy", "Findings against the applicant"}),
    "emergency/after-grant/": ({"Après l’octroi : conditions", "Ajouter la condition"},
                              {"Tras la concesión: condiciones", "Añadir la condición"},
                              {"After a grant: conditions", "Add the condition"}),
    "package/": ({"Exporter le dossier", "Télécharger le paquet signé"},
                 {"Exportar el expediente", "Descargar el paquete firmado"},
                 {"Export the case", "Download the signed package"}),
}
ORGANISATION_PAGES = {
    "/org/interpreters/": ({"Interprètes de Clinic A", "Ajouter un interprète", "Conflits avec les parties"},
                           {"Intérpretes de Clinic A", "Añadir un intérprete", "Conflictos con las partes"},
                           {"Add an interpreter", "Conflicts with parties"}),
    "/accounts/tokens/": ({"Jetons d’accès", "Créer le jeton", "Lecture seule"},
                          {"Tokens de acceso", "Crear el token", "Solo lectura"},
                          {"Access tokens", "Make the token", "Read only"}),
    "/cases/import/": ({"Importer un dossier", "Paquet de dossier"},
                       {"Importar un expediente", "Paquete del expediente"},
                       {"Import a case", "Case package"}),
}
WARNING = {"fr": "Aucun interprète n’est réservé pour l’audience du",
           "es": "No hay ningún intérprete reservado para la audiencia del"}


@pytest.fixture
def prepared(case: Case) -> Case:
    """A case with a hearing in three weeks, an applicant who needs Arabic, and something on every page."""
    case = needs_arabic(case, hearing=timezone.localdate() + datetime.timedelta(days=21))
    outline_item_for(case)
    note_for(case)
    Person.objects.create(case=case, key="p-witness", role="witness", name="Grace Mbah")
    witness_for(case)
    booking_for(case, interpreter_for(case))
    Removal.objects.create(case=case, removal_date=timezone.localdate() + datetime.timedelta(days=3))
    return case


def _check(page: str, wanted: set[str], english: set[str]) -> None:
    missing, left = {words for words in wanted if words not in page}, {words for words in english if words in page}
    assert not missing and not left, (missing, left)


@pytest.mark.parametrize("language", ["fr", "es"])
def test_the_case_pages_speak_the_members_language(prepared: Case, alice: User,
                                                   language: str) -> None:
    client = client_speaking(alice, language)
    for path, (french, spanish, english) in PAGES.items():
        response = client.get(f"/cases/{prepared.public_id}/{path}")
        assert response.status_code == 200, path
        _check(response.content.decode(), french if language == "fr" else spanish, english)
    hearing = client.get(f"/cases/{prepared.public_id}/hearing/").content.decode()
    assert WARNING[language] in hearing and "No interpreter is booked" not in hearing


@pytest.mark.parametrize("language", ["fr", "es"])
def test_the_organisation_and_account_pages_speak_the_members_language(org_a: object, alice: User,
                                                                       language: str) -> None:
    client = client_speaking(alice, language)
    for path, (french, spanish, english) in ORGANISATION_PAGES.items():
        response = client.get(path)
        assert response.status_code == 200, path
        _check(response.content.decode(), french if language == "fr" else spanish, english)


def test_what_the_pages_answer_is_in_french_too(prepared: Case, alice: User) -> None:
    client = client_speaking(alice, "fr")
    added = client.post(f"/cases/{prepared.public_id}/hearing/notes/add/", {"text": "Vu.", "question": ""}, follow=True)
    assert "Note enregistrée." in added.content.decode()
    refused = client.post("/org/interpreters/", {"name": "X", "languages": "Xyzzyish"}).content.decode()
    assert "n’est pas une langue connue d’Article3" in refused
    empty = client.post("/cases/import/")
    assert "Choisissez le paquet de dossier (un fichier .zip) à importer." in empty.content.decode()


def test_the_webhooks_page_speaks_spanish_to_an_admin(charlie: User) -> None:
    page = client_speaking(charlie, "es").get("/org/webhooks/").content.decode()
    _check(page, {"Añadir un webhook", "Registro de envíos", "Avisarle cuando"}, {"Add a webhook", "Delivery log"})


def test_the_api_answers_in_english_whatever_the_member_chose(case: Case, alice: User) -> None:
    client = client_speaking(alice, "fr")
    response = client.get("/api/v1/cases/00000000-0000-0000-0000-000000000000/", HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."} and response["Content-Language"] == "en"
    assert client.get(f"/cases/{case.public_id}/hearing/")["Content-Language"] == "fr"


@pytest.mark.parametrize(("language", "asked"), [
    ("fr", ["Votre déclaration (p. 1 ¶ 14) indique :", "Quelle version est exacte, et pourquoi diffèrent-elles ?"]),
    ("es", ["Su declaración (p. 1 ¶ 14) indica:", "¿Cuál es la correcta y por qué difieren?"]),
])
def test_the_anticipated_questions_are_asked_in_the_members_language(demo_case: Case, alice: User,
                                                                     language: str, asked: list[str]) -> None:
    page = client_speaking(alice, language).get(f"/cases/{demo_case.public_id}/hearing/").content.decode()
    assert all(words in page for words in asked), [words for words in asked if words not in page]
    assert "Which is right" not in page and "Your declaration" not in page


@pytest.mark.parametrize(("language", "dates"), [
    ("fr", ["Audience le 10 février 2027.", "14–19 mars 2019", "le 20 mai 2019. Que s’est-il passé"]),
    ("es", ["Audiencia el 10 de febrero de 2027.", "14–19 de marzo de 2019", "20 de mayo de 2019"]),
])
def test_the_hearing_page_writes_dates_in_the_members_language(demo_case: Case, alice: User, language: str,
                                                                dates: list[str]) -> None:
    from article3.chronology import services as chronology

    chronology.remedy_add(actor="test", case=demo_case, date="2019-05-20", body="court", outcome="pending",
                          description="Petition to the court of first instance")
    page = client_speaking(alice, language).get(f"/cases/{demo_case.public_id}/hearing/").content.decode()
    assert [words for words in dates if words not in page] == []
    assert [words for words in ("10 February 2027", "March 2019", "20 May 2019") if words in page] == []
