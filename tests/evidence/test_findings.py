"""Findings of medical and psychological reports: added, corrected and deleted from the document's page,
each change audited and versioned; the events offered are the case's own (issue 16)."""


import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from article3.accounts.models import Organisation, Role
from article3.audit.models import AuditEntry
from article3.cases.models import Case
from article3.cases.services import case_create
from article3.claims.report import gap_report
from article3.evidence.models import Document, MedicalFinding
from article3.evidence.services import finding_add
from tests.claims.factories import document_for, event_for, fact_for, support_for
from tests.conftest import client_for, make_user
from tests.test_browser import _sign_in, _submit, browser  # noqa: F401  (the fixture)


def _report(case: Case) -> Document:
    return document_for(case, "d-medical", "medical", date="2026-05", title="Forensic report")


def _url(name: str, document: Document, **more: object) -> str:
    return reverse(name, kwargs={"case_id": document.case.public_id, "key": document.key, **more})


@pytest.mark.django_db
def test_the_events_offered_are_the_case_s_own(case: Case, alice: User, org_b: Organisation) -> None:
    charlie = make_user(org_b, "carla@example.org", Role.ATTORNEY)
    other = case_create(actor=charlie, organisation=org_b, reference="B-1", forum="us-eoir", country_of_return="CM",
                        applicant_name="Other Client", owner_id=charlie.pk)
    event_for(other, "e-elsewhere", title="Beaten at the other client's home")
    event_for(case, "e-test", title="Held at the gendarmerie")
    document = _report(case)
    page = client_for(alice).get(_url("evidence_document", document)).content.decode()
    assert "Held at the gendarmerie" in page
    assert "the other client" not in page, "another organisation's events are never offered"

    foreign = other.events.get().pk
    response = client_for(alice).post(_url("evidence_finding_add", document),
                                      {"finding": "Scar", "consistency": "consistent", "event": foreign})
    assert response.status_code == 200 and not MedicalFinding.objects.exists()
    assert "Select a valid choice" in response.content.decode()


@pytest.mark.django_db
def test_a_finding_is_corrected_then_deleted_audited_and_versioned(case: Case, alice: User) -> None:
    document = _report(case)
    support_for(case, fact_for(case, "f-held", elements=["past_torture"]), kind="event", event=event_for(case))
    client = client_for(alice)
    client.post(_url("evidence_finding_add", document), {
        "finding": "Linear scars on both wrists", "attributed_to": "Ligatures", "consistency": "highly_consistent",
        "event": event_for(case).pk})
    finding = MedicalFinding.objects.get(document=document)
    assert (finding.consistency, finding.version) == ("highly_consistent", 1)

    edit = _url("evidence_finding_edit", document, pk=finding.pk)
    form = client.get(edit).content.decode()
    assert "Linear scars on both wrists" in form and "Istanbul Protocol level" in form
    changed = {"finding": "Linear scars on both wrists", "attributed_to": "Ligatures",
               "consistency": "not_consistent", "event": finding.event_id, "version": 1}
    assert client.post(edit, changed).status_code == 302
    finding.refresh_from_db()
    assert (finding.consistency, finding.version) == ("not_consistent", 2)
    assert "medical_finding_not_consistent" in {f.code for f in gap_report(case=case).findings}, \
        "the corrected level counts at once"

    stale = client.post(edit, {**changed, "consistency": "typical"})
    assert stale.status_code == 409, "an edit started from version 1 does not overwrite version 2"
    assert MedicalFinding.objects.get(pk=finding.pk).consistency == "not_consistent"

    delete = _url("evidence_finding_delete", document, pk=finding.pk)
    question = client.get(delete).content.decode()
    assert "Delete this finding of Forensic report?" in question and "no longer count it" in question
    assert MedicalFinding.objects.filter(pk=finding.pk).exists(), "asking deletes nothing"
    assert client.post(delete).status_code == 302
    assert not MedicalFinding.objects.filter(pk=finding.pk).exists()
    actions = list(AuditEntry.objects.filter(action__startswith="evidence.finding.").values_list("action", flat=True))
    assert actions == ["evidence.finding.added", "evidence.finding.updated", "evidence.finding.deleted"]


@pytest.mark.django_db
def test_a_finding_without_its_words_is_refused_and_what_was_typed_stays(case: Case, alice: User) -> None:
    document = _report(case)
    response = client_for(alice).post(_url("evidence_finding_add", document),
                                      {"finding": "", "attributed_to": "Beating with a baton"})
    page = response.content.decode()
    assert response.status_code == 200 and not MedicalFinding.objects.exists()
    assert "This field is required" in page and "Beating with a baton" in page
    assert "<details open>" in page, "the form is open on its error"


@pytest.mark.django_db
def test_a_viewer_neither_edits_nor_deletes(case: Case, bob: User) -> None:
    document = _report(case)
    finding = finding_add(actor="test", document=document, finding="Scar", consistency="consistent")
    viewer = client_for(bob)
    assert "Edit</a>" not in viewer.get(_url("evidence_document", document)).content.decode()
    assert viewer.post(_url("evidence_finding_delete", document, pk=finding.pk)).status_code == 403
    assert MedicalFinding.objects.filter(pk=finding.pk).exists()


@pytest.mark.django_db(transaction=True)
def test_a_lawyer_corrects_a_finding_s_level_then_deletes_it(browser: webdriver.Chrome,  # noqa: F811
                                                             live_server: object) -> None:
    org = Organisation.objects.create(slug="clinic", name="Clinic")
    lawyer = make_user(org, "alice@example.org", Role.ATTORNEY)
    case = case_create(actor=lawyer, organisation=org, reference="MED-1", forum="us-eoir", country_of_return="CM",
                       applicant_name="Test Applicant", owner_id=lawyer.pk)
    document = _report(case)
    finding_add(actor="test", document=document, finding="Scar on the left forearm", consistency="consistent")
    base = live_server.url  # type: ignore[attr-defined]

    _sign_in(browser, base, "alice@example.org")
    browser.get(f"{base}{_url('evidence_document', document)}")
    row = browser.find_element(By.XPATH, "//table[@id='findings']//tr[td[contains(., 'Scar on the left forearm')]]")
    assert "Consistent with" in row.text
    _submit(browser, row.find_element(By.LINK_TEXT, "Edit"))
    Select(browser.find_element(By.ID, "id_consistency")).select_by_visible_text("Typical of")
    _submit(browser, browser.find_element(By.XPATH, "//main//button[@type='submit']"))
    assert "Finding saved." in browser.page_source
    row = browser.find_element(By.XPATH, "//table[@id='findings']//tr[td[contains(., 'Scar on the left forearm')]]")
    assert "Typical of" in row.text

    _submit(browser, row.find_element(By.LINK_TEXT, "Delete"))
    assert "Delete this finding of Forensic report?" in browser.page_source
    _submit(browser, browser.find_element(By.XPATH, "//main//button[text()='Delete']"))
    assert "Finding deleted." in browser.page_source
    assert "No findings recorded for this report yet." in browser.page_source
    assert not MedicalFinding.objects.exists()
