"""The bundle and export pages in French and in Spanish; the bundle itself, a filed document, stays in English."""

import io

import pikepdf
import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import translation

from article3.bundles.services import bundle_request, bundle_run
from article3.cases.models import Case
from article3.evidence.services import document_process
from article3.evidence.storage import vault
from article3.exports.models import CaseExport
from tests.chronology.factories import document_for
from tests.conftest import client_speaking

pytestmark = pytest.mark.django_db
WORDS = {
    "fr": {"bundles": ["<h1>Dossier de plaidoirie</h1>", "Pièces, dans l’ordre du dépôt", "Constituer le dossier",
                       "Aucun dossier de plaidoirie constitué pour l’instant."],
           "build": ["Construction n° ", "Index (table des pages)"],
           "export": ["En attente de son tour", "Actualiser</a>", "demandé le "],
           "progress": "En attente du démarrage du serveur de traitement"},
    "es": {"bundles": ["<h1>Legajo de pruebas</h1>", "Anexos, en el orden de presentación", "Generar el legajo",
                       "Aún no se ha generado ningún legajo de pruebas."],
           "build": ["Construcción n.º ", "Índice (mapa de páginas)"],
           "export": ["Esperando su turno", "Actualizar</a>", "solicitado el "],
           "progress": "A la espera de que se inicie el servidor de procesamiento"},
}
ENGLISH = ["Exhibits, in filing order", "Build the bundle", "No bundle built yet", "Index (page map)",
           "Waiting its turn", "Refresh</a>"]


def _url(name: str, case: Case, **kwargs: object) -> str:
    return reverse(name, kwargs={"case_id": case.public_id, **kwargs})


@pytest.mark.parametrize("language", ["fr", "es"])
def test_the_bundle_page_and_an_export_on_its_way(language: str, case: Case, alice: User) -> None:
    document_for(case)
    client = client_speaking(alice, language)
    bundles = client.get(_url("bundles", case)).content.decode()
    client.post(_url("case_gaps_pdf", case))  # queued: no commit callbacks run in the test
    export = CaseExport.objects.get()
    progress = client.get(_url("case_export", case, export_id=export.pk)).content.decode()
    status = client.get(_url("case_export_status", case, export_id=export.pk)).json()
    words = WORDS[language]
    assert all(w in bundles for w in words["bundles"]), bundles
    assert all(w in progress for w in words["export"]), progress
    assert status["progress"] == words["progress"]
    assert not [english for english in ENGLISH if english in bundles + progress]


@pytest.mark.parametrize("language", ["fr", "es"])
def test_a_build_page_around_an_english_bundle(language: str, case: Case, alice: User) -> None:
    document_process(document=document_for(case, pages=("I was held at the station.",)), ocr=False)
    with translation.override(language):  # as when the build runs in the request of a French member
        build = bundle_run(build=bundle_request(actor="test", case=case, profile="us-eoir", queue=False))
    volume = build.volumes.get(number=1)
    with pikepdf.open(io.BytesIO(b"".join(vault().iter_plain(volume.sha256)))) as pdf, pdf.open_outline() as outline:
        titles = [str(item.title) for top in outline.root for item in [top, *top.children]]
    assert "A. Declaration" in titles, f"the bundle names the exhibit in English: {titles}"
    page = client_speaking(alice, language).get(_url("bundles_build_detail", case, build_id=build.pk))
    assert all(w in page.content.decode() for w in WORDS[language]["build"])
