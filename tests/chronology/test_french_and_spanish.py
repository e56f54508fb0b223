"""The chronology pages in French and in Spanish, the checks' findings included; the exported
chronology, a document to file, stays in English."""

import io
import zipfile

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from article3.cases.models import Case
from tests.chronology.factories import conflict_for, document_for
from tests.conftest import client_speaking

pytestmark = pytest.mark.django_db
WORDS = {
    "fr": {"chronology": ["<h1>Chronologie</h1>", "Vérifications de cohérence", "Ajouter un événement",
                          "Les dates divergent pour « Held at the station »", "1 contradiction entre les sources",
                          "Détention"],
           "event": ["Ce que dit chaque source", "Expliquer ou résoudre cette contradiction", "Réponse apportée",
                     "Demandez au client quelle date est exacte"],
           "form": ["<h1>Ajouter un événement</h1>", "Arrivé au demandeur", ">Enregistrer</button>"],
           "extract": ["<h1>Déclarations datées dans les documents</h1>", "pas encore lu"]},
    "es": {"chronology": ["<h1>Cronología</h1>", "Comprobaciones de coherencia", "Añadir un hecho",
                          "Las fechas no coinciden para «Held at the station»", "1 contradicción entre las fuentes",
                          "Detención"],
           "event": ["Lo que dice cada fuente", "Explicar o resolver esta contradicción", "Cómo se responde",
                     "Pregunte al cliente qué fecha es la correcta"],
           "form": ["<h1>Añadir un hecho</h1>", "Le ocurrió al solicitante", ">Guardar</button>"],
           "extract": ["<h1>Afirmaciones fechadas en los documentos</h1>", "aún no leído"]},
}
ENGLISH = ["Consistency checks", "Dates disagree", "What each source says", "Add an event", "How it is answered",
           "Happened to the applicant", "Dated statements in documents"]
# The disputed arrest: 14 March 2019, and 1 June 2020 in the second interview; the picture spans March 2019 to
# June 2020, its months named in the language.
DATES = {
    "fr": {"chronology": ["14 mars 2019", "1 juin 2020", ">mars</text>", ">juil.</text>", ">sept.</text>",
                          "Frise chronologique, du 1 mars 2019 au 30 juin 2020", "Zoomer sur juil.",
                          ">approximative</text>", ">une source</text>"],
           "event": ["14 mars 2019", "1 juin 2020"]},
    "es": {"chronology": ["14 de marzo de 2019", "1 de junio de 2020", ">marzo</text>", ">julio</text>",
                          "Línea de tiempo, del 1 marzo 2019 al 30 junio 2020", "Acercar a julio",
                          ">aproximada</text>", ">una fuente</text>"],
           "event": ["14 de marzo de 2019", "1 de junio de 2020"]},
}
ENGLISH_DATES = ["14 March 2019", "1 June 2020", ">Jul</text>", ">Mar</text>", "Timeline, ", "Zoom to ", "approximate<",
                 "a source<"]


def _url(name: str, case: Case, **kwargs: str) -> str:
    return reverse(name, kwargs={"case_id": case.public_id, **kwargs})


@pytest.mark.parametrize("language", ["fr", "es"])
def test_the_chronology_an_event_and_its_forms(language: str, case: Case, alice: User) -> None:
    conflict_for(case)
    document_for(case)
    client = client_speaking(alice, language)
    pages = {"chronology": client.get(_url("case_chronology", case)),
             "event": client.get(_url("case_event", case, key="e-disputed")),
             "form": client.get(_url("case_event_add", case)),
             "extract": client.get(_url("case_chronology_extract", case))}
    for name, response in pages.items():
        page = response.content.decode()
        assert all(w in page for w in WORDS[language][name]), (name, page)
        assert not [english for english in ENGLISH if english in page], name
    for name in ("chronology", "event"):
        page = pages[name].content.decode()
        assert [w for w in DATES[language][name] if w not in page] == [], name
        assert [english for english in ENGLISH_DATES if english in page] == [], name


def test_the_exported_chronology_stays_in_english(case: Case, alice: User) -> None:
    conflict_for(case)
    client = client_speaking(alice, "fr")
    docx = client.get(_url("case_chronology_docx", case)).content
    text = zipfile.ZipFile(io.BytesIO(docx)).read("word/document.xml").decode()
    assert "Detention" in text and "Détention" not in text
    assert "14 March 2019" in text and "14 mars 2019" not in text
