import io
from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from article3.accounts.models import Organisation, Role
from article3.audit.models import AuditEntry
from article3.cases.models import Case
from article3.cases.services import case_create, team_member_add
from article3.docs.models import GeneratedDocument, TemplateOverride
from article3.docs.services import document_generate
from tests.conftest import client_for, make_user
from tests.docs.test_templates import docx_with

pytestmark = pytest.mark.django_db
SERVICE = {"kind": "service_certificate", "served_on": "Office of the Chief Counsel", "method": "hand delivery",
           "date": "2026-11-20", "by_whom": "Ana Ruiz"}


def url(case: Case, name: str = "case_docs", **kwargs: Any) -> str:
    return reverse(name, kwargs={"case_id": case.public_id, **kwargs})


def test_the_page_offers_each_kind_and_the_other_exports(as_alice: Client, case: Case) -> None:
    page = as_alice.get(url(case)).content.decode()
    assert "No document generated yet." in page
    for text in ("Certificate of service", "UN Committee against Torture communication", "ECtHR Rule 39 request",
                 url(case, "case_chronology_pdf"), url(case, "case_docs_safety_plan"), "Built-in"):
        assert text in page
    assert AuditEntry.objects.filter(action="cases.page.viewed", object_key="documents").exists()


def test_generating_runs_as_a_task_and_the_file_downloads_audited(
        as_alice: Client, case: Case, django_capture_on_commit_callbacks: Callable[..., Any]) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = as_alice.post(url(case, "case_docs_generate"), SERVICE)
    assert response.status_code == 302
    generated = GeneratedDocument.objects.get(case=case)
    assert generated.status == "done" and generated.options["served_on"] == "Office of the Chief Counsel"
    assert generated.pdf_sha256  # LibreOffice is installed here
    page = as_alice.get(url(case)).content.decode()
    assert "current" in page and url(case, "case_docs_download", pk=generated.pk, fmt="pdf") in page
    download = as_alice.get(url(case, "case_docs_download", pk=generated.pk, fmt="docx"))
    body = b"".join(download.streaming_content)  # type: ignore[attr-defined]
    assert body.startswith(b"PK") and download["Content-Disposition"].startswith("attachment;")
    entry = AuditEntry.objects.filter(action="docs.document.downloaded").get()
    assert entry.detail == {"kind": "service_certificate", "format": "docx"}


def test_a_failed_generation_says_why(as_alice: Client, case: Case,
                                      django_capture_on_commit_callbacks: Callable[..., Any]) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        as_alice.post(url(case, "case_docs_generate"), {"kind": "exhibit_list"})
    page = as_alice.get(url(case)).content.decode()
    assert "Build the bundle first" in page


def test_a_certificate_of_service_with_missing_fields_is_refused_in_the_form(as_alice: Client, case: Case) -> None:
    """Regression: the form accepted missing fields and the generation failed later, in the queue."""
    incomplete = {"kind": "service_certificate", "served_on": "Office of the Chief Counsel"}
    response = as_alice.post(url(case, "case_docs_generate"), incomplete)
    page = response.content.decode()
    assert response.status_code == 200
    for label in ("Method of service", "Date of service", "Served by"):
        assert f"{label} is needed for this document." in page
    assert 'value="Office of the Chief Counsel"' in page, "what was typed stays"
    assert not GeneratedDocument.objects.filter(case=case).exists()
    untranslated = as_alice.post(url(case, "case_docs_generate"), {"kind": "translation_certificate"})
    assert "Translated document is needed for this document." in untranslated.content.decode()
    assert not GeneratedDocument.objects.filter(case=case).exists()


def test_a_stale_document_is_marked(as_alice: Client, case: Case) -> None:
    document_generate(actor="test", case=case, kind="un_cat_communication", options={"state_party": "CA"})
    from tests.chronology.factories import event_for

    event_for(case, key="e-new")
    page = as_alice.get(url(case)).content.decode()
    assert "Out of date:" in page and "events: added e-new" in page


def test_documents_of_another_case_are_not_found(as_alice: Client, case: Case, org_a: Organisation,
                                                 alice: User) -> None:
    other = case_create(actor=alice, organisation=org_a, reference="A-2026-002", forum="generic",
                        country_of_return="CM", applicant_name="Other Applicant", owner_id=alice.pk)
    generated = document_generate(actor="test", case=other, kind="un_cat_communication",
                                  options={"state_party": "CA"})
    assert as_alice.get(url(case, "case_docs_download", pk=generated.pk, fmt="docx")).status_code == 404
    assert as_alice.get(url(case, "case_docs_download", pk=generated.pk, fmt="exe")).status_code == 404


def test_safety_plan_export(as_alice: Client, case: Case) -> None:
    plan = case.safety_plan
    plan.trusted_contacts = "Caseworker at the shelter"
    plan.save()
    response = as_alice.get(url(case, "case_docs_safety_plan"))
    assert response["Content-Disposition"].startswith("attachment;") and b"".join([response.content]).startswith(b"PK")
    from docx import Document

    text = "\n".join(p.text for p in Document(io.BytesIO(response.content)).paragraphs)
    assert "People you trust\nCaseworker at the shelter\nWho to call in an emergency\n—" in text
    assert AuditEntry.objects.filter(action="docs.safety_plan.exported").get().detail["format"] == "docx"


def test_the_safety_plan_comes_in_the_clients_language(as_alice: Client, case: Case) -> None:
    from django.utils import translation
    from docx import Document

    from article3.cases.models import Applicant

    Applicant.objects.filter(case=case).update(interpreter_language="ar")
    for query, language in (("", "ar"), ("?language=es", "es")):
        response = as_alice.get(url(case, "case_docs_safety_plan") + query)
        heading = Document(io.BytesIO(response.content)).paragraphs[0].text
        with translation.override(language):
            assert heading == translation.gettext("Your safety plan") != "Your safety plan"


def test_admins_upload_templates_attorneys_and_paralegals_do_not(as_alice: Client, case: Case,
                                                                  org_a: Organisation) -> None:
    form = {"kind": "brief", "forum": "us-eoir"}
    paralegal = make_user(org_a, "pat@example.org", Role.PARALEGAL)
    team_member_add(actor="test", case=case, user_id=paralegal.pk, role=Role.PARALEGAL)
    for refused_client in (as_alice, client_for(paralegal)):
        refused = refused_client.post(url(case, "case_docs_template_upload"), {**form, "file": _file("x")},
                                      follow=True)
        assert "Only an organisation admin" in refused.content.decode()
    assert not TemplateOverride.objects.exists()
    admin = client_for(make_user(org_a, "admin@example.org", Role.ADMIN))
    response = admin.post(url(case, "case_docs_template_upload"),
                          {**form, "file": _file("Our brief {{ case.reference }}")})
    assert response.status_code == 302
    override = TemplateOverride.objects.get(organisation=org_a)
    assert (override.forum, override.kind) == ("us-eoir", "brief")
    template = as_alice.get(url(case, "case_docs_template", kind="brief"))
    assert template["Content-Disposition"].startswith("attachment;")
    bad = admin.post(url(case, "case_docs_template_upload"), {**form, "file": io.BytesIO(b"not a docx")})
    assert bad.status_code == 200 and "Word document" in bad.content.decode()


def _file(text: str) -> io.BytesIO:
    data = docx_with(text)
    data.name = "ours.docx"
    return data
