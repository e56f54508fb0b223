"""What the worker writes on a bundle build, an export or a report import (its step, its warnings, why it
failed) is read in the member's language; the bundle, a filed document, and the record keep the English."""

import io

import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_noop

from article3.accounts.models import Organisation
from article3.bundles.engine.assemble import COPYING
from article3.bundles.models import BundleBuild
from article3.bundles.services import NOTHING_CONVERTED, bundle_request, bundle_run
from article3.cases.models import Case
from article3.claims.services import gap_report_export
from article3.coi.models import ReportImport
from article3.coi.services import IMPORT_READING
from article3.evidence.services import document_add, document_process
from article3.exports.models import CaseExport
from article3.words import Words, progress_fields
from tests.chronology.factories import document_for
from tests.conftest import client_speaking

pytestmark = pytest.mark.django_db
LEFT_OUT = "Documents left out, not converted yet or failed: 1."
WORDS = {
    "fr": {"left_out": "Documents laissés de côté, pas encore convertis ou en échec : 1.",
           "step": "copie des documents : 2 sur 5", "nothing": "Aucun document converti ne peut encore être mis",
           "adding": "Ajout du document 3 sur 7", "reading": "Lecture du fichier et repérage de ses passages",
           "writing": "Rédaction du PDF (constats : "},
    "es": {"left_out": "Documentos excluidos, aún no convertidos o fallidos: 1.",
           "step": "copia de los documentos: 2 de 5", "nothing": "Todavía no hay ningún documento convertido",
           "adding": "Añadiendo el documento 3 de 7", "reading": "Lectura del archivo y localización de sus pasajes",
           "writing": "Redacción del PDF (conclusiones: "},
}


def _url(name: str, case: Case, **kwargs: object) -> str:
    return reverse(name, kwargs={"case_id": case.public_id, **kwargs})


@pytest.mark.parametrize("language", ["fr", "es"])
def test_a_builds_warnings_are_read_in_the_members_language(language: str, case: Case, alice: User) -> None:
    document_process(document=document_for(case, pages=("I was held at the station.",)), ocr=False)
    document_add(actor="test", case=case, stream=io.BytesIO(b"Not converted yet."), filename="later.txt",
                 kind="other", process=False)
    with translation.override(language):  # as when the build runs in the request of a member
        build = bundle_run(build=bundle_request(actor="test", case=case, profile="us-eoir", queue=False))
    assert build.status == "done" and any(w["message"] == LEFT_OUT for w in build.warnings), "kept in English"
    page = client_speaking(alice, language).get(_url("bundles_build_detail", case, build_id=build.pk)).content.decode()
    assert WORDS[language]["left_out"] in page and LEFT_OUT not in page


def test_warnings_kept_before_their_words_show_in_english(case: Case, alice: User) -> None:
    build = BundleBuild.objects.create(case=case, profile="us-eoir", requested_by="test", status="done", warnings=[
        {"code": "document_not_ready", "severity": "medium", "refs": [], "message": "2 document(s) left out.",
         "advice": "An older advice."}])
    page = client_speaking(alice, "fr").get(_url("bundles_build_detail", case, build_id=build.pk)).content.decode()
    assert "2 document(s) left out." in page and "An older advice." in page


@pytest.mark.parametrize("language", ["fr", "es"])
def test_a_builds_step_and_failure_are_read_in_the_members_language(language: str, case: Case, alice: User) -> None:
    step = Words(gettext_noop("%(step)s: %(done)s of %(total)s"), {"step": COPYING, "done": 2, "total": 5})
    running = BundleBuild.objects.create(case=case, profile="us-eoir", requested_by="test", status="running",
                                         **progress_fields(step))
    failed = BundleBuild.objects.create(case=case, profile="us-eoir", requested_by="test", status="failed",
                                        error_message=NOTHING_CONVERTED)
    assert running.progress == "copying documents: 2 of 5", "the English for the API and the command line"
    client = client_speaking(alice, language)
    page = client.get(_url("bundles", case)).content.decode()
    status = client.get(_url("bundles_build_status", case, build_id=running.pk)).json()
    error = client.get(_url("bundles_build_status", case, build_id=failed.pk)).json()["error"]
    assert WORDS[language]["step"] in page and status["progress"] == WORDS[language]["step"]
    assert error.startswith(WORDS[language]["nothing"]) and WORDS[language]["nothing"] in page
    assert "copying documents" not in page and NOTHING_CONVERTED not in page


@pytest.mark.parametrize("language", ["fr", "es"])
def test_an_exports_step_is_read_in_the_members_language(language: str, case: Case, alice: User) -> None:
    adding = Words(gettext_noop("Adding document %(number)s of %(total)s"), {"number": 3, "total": 7})
    export = CaseExport.objects.create(case=case, kind="case_package", status="running", requested_by="test",
                                       **progress_fields(adding))
    client = client_speaking(alice, language)
    page = client.get(_url("case_export", case, export_id=export.pk)).content.decode()
    status = client.get(_url("case_export_status", case, export_id=export.pk)).json()
    assert WORDS[language]["adding"] in page and status["progress"] == WORDS[language]["adding"]
    assert "Adding document" not in page
    said: list[Words] = []
    gap_report_export(actor="test", case=case, progress=said.append)
    with translation.override(language):
        assert said[-1].text().startswith(WORDS[language]["writing"])
    assert str(said[-1]).startswith("Writing the PDF (findings: ")


@pytest.mark.parametrize("language", ["fr", "es"])
def test_a_report_imports_step_is_read_in_the_members_language(language: str, org_a: Organisation,
                                                                  alice: User) -> None:
    job = ReportImport.objects.create(organisation=org_a, requested_by="test", file_sha256="0" * 64,
                                      status="running", progress=IMPORT_READING)
    page = client_speaking(alice, language).get(reverse("coi_import_progress", kwargs={"job_id": job.pk}))
    assert WORDS[language]["reading"] in page.content.decode() and IMPORT_READING not in page.content.decode()


def test_a_builds_warnings_naming_a_document_are_not_stored_in_plain_text(case: Case) -> None:
    """A warning names the document by its title, which is case text: the column is encrypted."""
    from django.db import connection

    title = "Rapport du docteur Ndiaye 7731"
    document_process(document=document_for(case, "d-rapport", title=title, language="fr",
                                           pages=("Le patient présente des cicatrices.",)), ocr=False)
    build = bundle_run(build=bundle_request(actor="test", case=case, profile="us-eoir", queue=False))
    assert any(title in w["message"] for w in build.warnings), build.warnings  # the translation it lacks
    with connection.cursor() as cursor:
        cursor.execute("SELECT warnings FROM bundles_bundlebuild WHERE id = %s", [build.pk])
        (stored,) = cursor.fetchone()
    assert "Ndiaye" not in str(stored) and "7731" not in str(stored)
