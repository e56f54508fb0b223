"""The API's resources do what the web does, through the same services: same checks, same messages, audited."""

import io
from typing import Any

import pytest
from django.contrib.auth.models import User

from article3.accounts.models import Organisation
from article3.audit.models import AuditEntry
from article3.cases.forms import CaseCreateForm
from article3.cases.models import Case
from tests.api.helpers import api_for

NEW_CASE = {"reference": "A-2026-010", "forum": "us-eoir", "country_of_return": "cm", "applicant_name": "Ana N."}


@pytest.mark.django_db
def test_open_a_case_and_read_it_back(alice: User, org_a: Organisation) -> None:
    api = api_for(alice)
    made = api.post("/api/v1/cases/", NEW_CASE)
    assert made.status_code == 201
    body = made.json()
    assert body["reference"] == "A-2026-010" and body["country_of_return"] == "CM" and body["version"] == 1
    case = Case.objects.get(public_id=body["id"])
    assert case.applicant.name == "Ana N." and case.team.get().user_id == alice.pk
    assert api.get(f"/api/v1/cases/{case.public_id}/").json() == body
    assert AuditEntry.objects.filter(action="api.case.read", case_id=case.pk, object_key="case").exists()


@pytest.mark.django_db
def test_the_case_list_comes_a_page_at_a_time(alice: User, org_a: Organisation) -> None:
    api = api_for(alice)
    for number in range(5):
        assert api.post("/api/v1/cases/", {**NEW_CASE, "reference": f"P-{number}"}).status_code == 201
    first = api.get("/api/v1/cases/?page_size=2").json()
    assert first["count"] == 5 and first["previous"] is None
    assert [c["reference"] for c in first["results"]] == ["P-0", "P-1"]
    seen = [c["reference"] for c in first["results"]]
    link = first["next"]
    while link:
        page = api.get(link).json()
        seen += [c["reference"] for c in page["results"]]
        link = page["next"]
    assert seen == [f"P-{n}" for n in range(5)], "every case once, in order"
    assert api.get("/api/v1/cases/?page=9").status_code == 404


@pytest.mark.django_db
def test_bad_input_gets_the_forms_messages_and_nothing_is_stored(alice: User, org_a: Organisation) -> None:
    bad = {**NEW_CASE, "country_of_return": "Cameroon", "reference": ""}
    response = api_for(alice).post("/api/v1/cases/", bad)
    form = CaseCreateForm(bad)
    assert not form.is_valid()
    assert response.status_code == 400
    assert response.json()["errors"] == {k: list(v) for k, v in form.errors.items()}
    assert not Case.objects.exists()
    assert api_for(alice).post("/api/v1/cases/", ["not", "an", "object"]).json() == {
        "detail": "The request body must be a JSON object."}


@pytest.mark.django_db
def test_a_taken_reference_is_refused_in_the_services_words(alice: User, case: Case) -> None:
    from article3.cases.services import REFERENCE_REFUSED

    response = api_for(alice).post("/api/v1/cases/", {**NEW_CASE, "reference": case.reference})
    assert response.status_code == 400 and response.json()["detail"] == REFERENCE_REFUSED


@pytest.mark.django_db
def test_a_stale_change_is_refused_with_409(alice: User, case: Case) -> None:
    api = api_for(alice)
    url = f"/api/v1/cases/{case.public_id}/"
    changed = api.patch(url, {"version": 1, "stage": "preparing", "detained": True})
    assert changed.status_code == 200
    assert changed.json()["stage"] == "preparing" and changed.json()["detained"] and changed.json()["version"] == 2
    stale = api.patch(url, {"version": 1, "stage": "filed"})
    assert stale.status_code == 409 and "version 2" in stale.json()["errors"]["version"][0]
    case.refresh_from_db()
    assert case.stage == "preparing" and case.version == 2
    assert api.patch(url, {"stage": "filed"}).json()["errors"]["version"] == ["This field is required."]


@pytest.mark.django_db
def test_the_record_is_what_case_show_prints(alice: User, case: Case) -> None:
    from article3.interchange.record import case_record

    record = api_for(alice).get(f"/api/v1/cases/{case.public_id}/record/").json()
    assert record == case_record(case)
    assert record["applicant"]["name"] == "Test Applicant"
    assert AuditEntry.objects.filter(action="interchange.case.shown", case_id=case.pk).exists()


@pytest.mark.django_db
def test_people_are_added_changed_and_deleted(alice: User, case: Case) -> None:
    api = api_for(alice)
    people = f"/api/v1/cases/{case.public_id}/people/"
    made = api.post(people, {"role": "family", "name": "Marie", "relation": "sister", "at_risk": True})
    assert made.status_code == 201 and made.json()["key"] == "p-1" and made.json()["at_risk"] is True
    url = f"{people}p-1/"
    changed = api.patch(url, {"version": 1, "relation": "older sister"})
    assert changed.json()["relation"] == "older sister" and changed.json()["name"] == "Marie"
    assert changed.json()["at_risk"] is True, "what the change does not name keeps its value"
    assert api.get(people).json()[0]["relation"] == "older sister"
    assert api.post(people, {"role": "cousin", "name": "X"}).json()["errors"]["role"] == [
        "Select a valid choice. cousin is not one of the available choices."]
    assert api.delete(url).status_code == 204
    assert api.get(url).status_code == 404
    actions = set(AuditEntry.objects.filter(case_id=case.pk).values_list("action", flat=True))
    assert {"cases.person.added", "cases.person.updated", "cases.person.deleted"} <= actions


@pytest.mark.django_db
def test_documents_upload_status_and_download_are_audited(alice: User, case: Case) -> None:
    api = api_for(alice)
    url = f"/api/v1/cases/{case.public_id}/documents/"
    statement = io.BytesIO(b"Statement of the applicant, in her words.")
    statement.name = "statement.txt"
    program = io.BytesIO(b"\x7fELF\x02\x01\x01\x00" + bytes(200))
    program.name = "program.bin"
    results = api.upload(url, {"uploads": [statement, program], "kind": "declaration"}).json()
    assert results[0]["ok"] and not results[1]["ok"] and results[1]["error"]
    key = results[0]["key"]
    (listed,) = api.get(url).json()
    assert listed["key"] == key and listed["status"] in ("ready", "failed", "received", "processing")
    original = api.get(f"{url}{key}/original/")
    assert original.status_code == 200
    assert b"".join(original.streaming_content) == b"Statement of the applicant, in her words."
    downloaded = AuditEntry.objects.get(action="evidence.document.downloaded", case_id=case.pk)
    assert downloaded.object_key == key and downloaded.actor == f"user:{alice.pk}"
    bad = api.upload(url, {"uploads": [io.BytesIO(b"x")], "kind": "nonsense"})
    assert bad.status_code == 400 and "nonsense is not one of the available choices" in bad.json()["errors"]["kind"][0]


@pytest.mark.django_db
def test_events_read_as_case_show_prints_them(alice: User, case: Case) -> None:
    from tests.chronology import factories as chron

    chron.event_for(case)
    (event,) = api_for(alice).get(f"/api/v1/cases/{case.public_id}/events/").json()
    assert event["key"] == "e-test" and event["title"] == "Held at the station" and "case" not in event


@pytest.mark.django_db
def test_build_a_bundle_poll_it_and_download_a_volume(alice: User, case: Case,
                                                     django_capture_on_commit_callbacks: Any) -> None:
    from article3.evidence.services import document_add

    api = api_for(alice)
    url = f"/api/v1/cases/{case.public_id}/bundles/"
    with django_capture_on_commit_callbacks(execute=True):  # queued work runs at once in the tests
        document_add(actor="test", case=case, stream=io.BytesIO(b"Statement of the applicant."),
                     filename="statement.txt", kind="declaration")
    with django_capture_on_commit_callbacks(execute=True):
        requested = api.post(url, {})
    assert requested.status_code == 202 and requested.json()["profile"] == "us-eoir"
    build = api.get(f"{url}{requested.json()['id']}/").json()
    assert build["status"] == "done", build["error_message"]
    assert build["volumes"][0]["number"] == 1 and isinstance(build["page_map"], dict)
    volume = api.get(f"{url}{build['id']}/volumes/1/")
    assert volume.status_code == 200 and b"".join(volume.streaming_content).startswith(b"%PDF")
    assert AuditEntry.objects.filter(action="bundles.volume.downloaded", case_id=case.pk).count() == 1
    assert api.post(url, {"profile": "nowhere"}).status_code == 400


@pytest.mark.django_db
def test_the_gap_report_and_conflicts_read_as_the_command_prints_them(alice: User, case: Case) -> None:
    from article3.claims.report import gap_report

    report = api_for(alice).get(f"/api/v1/cases/{case.public_id}/gaps/").json()
    assert report == gap_report(case=case).as_json() and report["findings"]
    assert api_for(alice).get(f"/api/v1/cases/{case.public_id}/conflicts/").json() == []
    assert AuditEntry.objects.filter(action="api.case.read", object_key="gaps", case_id=case.pk).exists()


@pytest.mark.django_db
def test_a_case_package_leaves_one_organisation_and_enters_another(alice: User, bob: User, charlie: User,
                                                                   case: Case) -> None:
    from article3.cases.services import person_add

    person_add(actor="test", case=case, role="family", name="Marie", relation="sister")
    exported = api_for(alice).get(f"/api/v1/cases/{case.public_id}/package/")
    assert exported.status_code == 200 and exported["Content-Type"] == "application/zip"
    package = io.BytesIO(b"".join(exported.streaming_content))
    package.name = "package.zip"
    assert AuditEntry.objects.filter(action="interchange.case.exported", case_id=case.pk).exists()
    assert api_for(bob).get(f"/api/v1/cases/{case.public_id}/package/").status_code == 403, "a viewer"

    imported = api_for(charlie).upload("/api/v1/case-packages/", {"package": package})
    assert imported.status_code == 201, imported.json()
    assert imported.json()["reference"] == case.reference and imported.json()["counts"]["people"] == 1
    copy = Case.objects.get(public_id=imported.json()["id"])
    assert copy.organisation.slug == "clinic-b" and copy.people.get().name == "Marie"
    package.seek(0)
    again = api_for(charlie).upload("/api/v1/case-packages/", {"package": package})
    assert again.status_code == 400 and "already exists" in again.json()["detail"]
    broken = io.BytesIO(b"not a zip")
    broken.name = "broken.zip"
    refused = api_for(charlie).upload("/api/v1/case-packages/", {"package": broken})
    assert refused.status_code == 400 and refused.json()["errors"]["package"]
    assert Case.objects.filter(organisation__slug="clinic-b").count() == 1


@pytest.mark.django_db
def test_findings_and_interim_requests_read_as_case_show_prints_them(alice: User, case: Case) -> None:
    from article3.evidence.models import MedicalFinding
    from article3.evidence.services import document_add
    from tests.deadlines import factories as dl

    report = document_add(actor="test", case=case, stream=io.BytesIO(b"Medical report."), filename="m.txt",
                          kind="medical", process=False)
    MedicalFinding.objects.create(document=report, finding="Scars on the back", consistency="highly_consistent")
    dl.interim_for(case)
    api = api_for(alice)
    (finding,) = api.get(f"/api/v1/cases/{case.public_id}/medical-findings/").json()
    assert finding["finding"] == "Scars on the back" and finding["document"] == report.key
    (interim,) = api.get(f"/api/v1/cases/{case.public_id}/interim-requests/").json()
    assert interim["kind"] == "stay_of_removal"
    assert api.get(f"/api/v1/cases/{case.public_id}/coi-citations/").json() == []
