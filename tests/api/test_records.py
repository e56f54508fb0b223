"""Events and facts through the API (issue 22): added, read, changed with the version read (409 when
stale), deleted; the web forms' messages on bad input; each change audited by the same services."""

import pytest
from django.contrib.auth.models import User

from article3.audit.models import AuditEntry
from article3.cases.models import Case
from tests.api.helpers import api_for

pytestmark = pytest.mark.django_db


def test_an_event_is_added_changed_and_deleted(case: Case, alice: User, bob: User) -> None:
    api, base = api_for(alice), f"/api/v1/cases/{case.public_id}/events/"
    made = api.post(base, {"kind": "detention", "title": "Held at the gendarmerie", "date": "2019-03",
                           "place": "Bamenda", "actors": "Captain N. (official)", "concerns_applicant": True})
    assert made.status_code == 201, made.json()
    event = made.json()
    assert event["date"] == "2019-03" and event["actors"] == [{"name": "Captain N.", "official": True}]
    url = f"{base}{event['key']}/"
    assert api.get(url).json()["title"] == "Held at the gendarmerie"

    changed = api.patch(url, {"title": "Held for five days at the gendarmerie", "version": event["version"]})
    assert changed.status_code == 200, changed.json()
    assert changed.json()["title"] == "Held for five days at the gendarmerie"
    assert changed.json()["actors"] == event["actors"] and changed.json()["place"] == "Bamenda", "the rest kept"
    stale = api.patch(url, {"title": "Old edit", "version": event["version"]})
    assert stale.status_code == 409 and "version" in stale.json()["errors"]

    assert api_for(bob).delete(url).status_code == 403, "a viewer reads, never deletes"
    assert api.delete(url).status_code == 204 and not case.events.exists()
    actions = set(AuditEntry.objects.filter(case_id=case.pk).values_list("action", flat=True))
    assert {"chronology.event.added", "chronology.event.updated", "chronology.event.deleted"} <= actions


def test_a_future_event_gets_the_forms_message(case: Case, alice: User) -> None:
    refused = api_for(alice).post(f"/api/v1/cases/{case.public_id}/events/",
                                  {"kind": "detention", "title": "Held", "date": "2099-01-01"})
    assert refused.status_code == 400
    assert "is in the future" in " ".join(refused.json()["errors"]["date"])
    assert not case.events.exists()


def test_a_fact_is_added_with_its_elements_changed_and_deleted(case: Case, alice: User) -> None:
    api, base = api_for(alice), f"/api/v1/cases/{case.public_id}/facts/"
    made = api.post(base, {"text": "Gendarmes held the applicant for five days.", "elements": ["past_torture"]})
    assert made.status_code == 201, made.json()
    fact = made.json()
    assert fact["elements"] == ["past_torture"]
    url = f"{base}{fact['key']}/"
    unknown = api.patch(url, {"elements": ["no_such_element"], "version": fact["version"]})
    assert unknown.status_code == 400 and "elements" in unknown.json()["errors"]
    changed = api.patch(url, {"elements": ["past_torture", "custody_or_control"], "version": fact["version"]})
    assert changed.status_code == 200, changed.json()
    assert sorted(changed.json()["elements"]) == ["custody_or_control", "past_torture"]
    assert changed.json()["text"] == fact["text"], "the text is kept"
    assert api.delete(url).status_code == 204 and not case.facts.exists()


def test_an_account_of_an_event_names_its_document_by_key(case: Case, alice: User) -> None:
    from tests.chronology.factories import document_for, event_for

    event, document = event_for(case), document_for(case)
    api, base = api_for(alice), f"/api/v1/cases/{case.public_id}/events/{event.key}/accounts/"
    made = api.post(base, {"document": document.key, "page": 2, "date": "2019-03-14", "quote": "They came at night."})
    assert made.status_code == 201, made.json()
    account = made.json()
    assert account["document"] == document.key and account["event"] == event.key and isinstance(account["id"], int)
    url = f"{base}{account['id']}/"
    changed = api.patch(url, {"page": 3, "version": account["version"]})
    assert changed.status_code == 200, changed.json()
    assert changed.json()["page"] == 3 and changed.json()["document"] == document.key, "the source is kept"
    nowhere = api.patch(url, {"document": None, "interview": "", "version": changed.json()["version"]})
    assert nowhere.status_code == 400
    assert "Say where the account comes from" in nowhere.json()["detail"]
    assert api.get(f"/api/v1/cases/{case.public_id}/events/e-none/accounts/").status_code == 404
    assert api.delete(url).status_code == 204 and not event.accounts.exists()


def test_a_document_of_another_case_is_not_a_choice(case: Case, alice: User, org_a: object) -> None:
    from article3.cases.services import case_create
    from tests.chronology.factories import document_for, event_for

    other = case_create(actor="test", organisation=case.organisation, reference="OTHER-1", forum="us-eoir",
                        country_of_return="CM", applicant_name="Someone Else", owner_id=alice.pk)
    theirs = document_for(other, key="d-theirs")
    event = event_for(case)
    refused = api_for(alice).post(f"/api/v1/cases/{case.public_id}/events/{event.key}/accounts/",
                                  {"document": theirs.key, "page": 1})
    assert refused.status_code == 400 and "document" in refused.json()["errors"]


def test_a_domestic_remedy_is_added_changed_and_deleted(case: Case, alice: User) -> None:
    api, base = api_for(alice), f"/api/v1/cases/{case.public_id}/domestic-remedies/"
    made = api.post(base, {"date": "2019-04", "body": "police", "description": "Complained at the Bamenda station",
                           "outcome": "no_response", "consequence": "Threatened the next day"})
    assert made.status_code == 201, made.json()
    url = f"{base}{made.json()['key']}/"
    changed = api.patch(url, {"date": "2019-05", "version": made.json()["version"]})
    assert changed.status_code == 200 and changed.json()["body"] == "police"
    assert api.delete(url).status_code == 204 and not case.domestic_remedies.exists()


def test_support_of_a_fact_names_its_event(case: Case, alice: User) -> None:
    from tests.chronology.factories import event_for
    from tests.claims.factories import fact_for

    fact, event = fact_for(case), event_for(case)
    api, base = api_for(alice), f"/api/v1/cases/{case.public_id}/facts/{fact.key}/support/"
    missing = api.post(base, {"kind": "event"})
    assert missing.status_code == 400 and "event" in missing.json()["errors"], "the form's own check"
    made = api.post(base, {"kind": "event", "event": event.key, "note": "Told at the interview"})
    assert made.status_code == 201, made.json()
    assert made.json()["event"] == event.key and made.json()["fact"] == fact.key
    assert [row["id"] for row in api.get(base).json()] == [made.json()["id"]]
    url = f"{base}{made.json()['id']}/"
    assert api.patch(url, {"note": "Second interview", "version": 1}).json()["note"] == "Second interview"
    assert api.delete(url).status_code == 204 and not fact.support.exists()


def test_deadlines_are_computed_set_marked_done_and_deleted(case: Case, alice: User) -> None:
    api, base = api_for(alice), f"/api/v1/cases/{case.public_id}/deadlines/"
    computed = api.post(f"{base}compute/", {"trigger": "ij_decision", "date": "2026-06-01", "service": "mail"})
    assert computed.status_code == 201, computed.json()
    (rule,) = computed.json()
    assert rule["rule"] == "bia_appeal" and rule["due"] and rule["citation"], "with its source"
    own = api.post(base, {"title": "File the expert report", "due": "2026-07-01", "note": ""})
    assert own.status_code == 201, own.json()
    assert api.patch(f"{base}{own.json()['id']}/", {"due": "2026-07-03", "version": 1}).json()["due"] == "2026-07-03"
    refused = api.patch(f"{base}{rule['id']}/", {"due": "2030-01-01", "version": rule["version"]})
    assert refused.status_code == 400 and "due" in refused.json()["detail"], "a computed date comes from the rules"
    noted = api.patch(f"{base}{rule['id']}/", {"note": "Client told", "version": rule["version"]})
    assert noted.status_code == 200 and noted.json()["due"] == rule["due"]
    done = api.post(f"{base}{rule['id']}/done/")
    assert done.status_code == 200 and done.json()["done_at"]
    assert api.post(f"{base}{rule['id']}/done/").status_code == 400, "already done, says so"
    assert api.delete(f"{base}{rule['id']}/done/").json()["done_at"] is None
    assert api.delete(f"{base}{own.json()['id']}/").status_code == 204
    assert list(case.deadlines.values_list("pk", flat=True)) == [rule["id"]]


def test_a_decision_is_recorded_with_its_deadlines_and_corrected(case: Case, alice: User) -> None:
    api, base = api_for(alice), f"/api/v1/cases/{case.public_id}/decisions/"
    made = api.post(base, {"date": "2026-05-04", "trigger": "ij_decision", "service": "mail", "outcome": "denied",
                           "reasons": ["credibility"]})
    assert made.status_code == 201, made.json()
    decision = made.json()
    assert case.deadlines.filter(decision__key=decision["key"]).exists(), "the deadlines that follow it"
    unknown = api.post(base, {"date": "2026-05-04", "trigger": "no_such_decision", "outcome": "denied"})
    assert unknown.status_code == 400 and "trigger" in unknown.json()["errors"]
    url = f"{base}{decision['key']}/"
    changed = api.patch(url, {"outcome": "granted", "version": decision["version"]})
    assert changed.status_code == 200, changed.json()
    assert changed.json()["outcome"] == "granted" and changed.json()["reasons"] == ["credibility"], "the rest kept"
    assert api.delete(url).status_code == 204 and not case.decisions.exists() and not case.deadlines.exists()


def test_an_interim_request_is_added_corrected_and_deleted(case: Case, alice: User) -> None:
    api, base = api_for(alice), f"/api/v1/cases/{case.public_id}/interim-requests/"
    undated = api.post(base, {"kind": "stay_of_removal", "status": "filed"})
    assert undated.status_code == 400 and "filed" in undated.json()["detail"]
    made = api.post(base, {"kind": "stay_of_removal", "status": "filed", "filed_on": "2026-06-02"})
    assert made.status_code == 201, made.json()
    url = f"{base}{made.json()['id']}/"
    changed = api.patch(url, {"addressed_to": "Board of Immigration Appeals", "version": made.json()["version"]})
    assert changed.status_code == 200 and changed.json()["filed_on"] == "2026-06-02"
    assert api.delete(url).status_code == 204 and not case.interim_requests.exists()


def test_a_medical_finding_is_recorded_on_its_report(case: Case, alice: User) -> None:
    from tests.chronology.factories import document_for, event_for

    report, event = document_for(case, key="d-medical", kind="medical"), event_for(case)
    api, base = api_for(alice), f"/api/v1/cases/{case.public_id}/documents/{report.key}/findings/"
    made = api.post(base, {"finding": "Linear scars on the back", "consistency": "highly_consistent",
                           "event": event.key})
    assert made.status_code == 201, made.json()
    finding = made.json()
    assert finding["document"] == report.key and finding["event"] == event.key
    url = f"{base}{finding['id']}/"
    changed = api.patch(url, {"consistency": "consistent", "version": finding["version"]})
    assert changed.status_code == 200, changed.json()
    assert changed.json()["consistency"] == "consistent" and changed.json()["event"] == event.key
    (listed,) = api.get(f"/api/v1/cases/{case.public_id}/medical-findings/").json()
    assert listed["id"] == finding["id"]
    assert api.get(f"/api/v1/cases/{case.public_id}/documents/d-none/findings/").status_code == 404
    assert api.delete(url).status_code == 204 and not report.findings.exists()


def test_a_document_becomes_a_translation_of_another(case: Case, alice: User) -> None:
    from tests.chronology.factories import document_for

    original = document_for(case, key="d-original")
    translation = document_for(case, key="d-translation", kind="translation")
    api = api_for(alice)
    url = f"/api/v1/cases/{case.public_id}/documents/{translation.key}/"
    version = api.get(url).json()["version"]
    linked = api.patch(url, {"translates": original.key, "translator": "N. Interpreter", "certified": True,
                             "language": "en", "version": version})
    assert linked.status_code == 200, linked.json()
    itself = api.patch(url, {"translates": translation.key, "version": linked.json()["version"]})
    assert itself.status_code == 400 and "translates" in itself.json()["errors"], "not a translation of itself"
    stale = api.patch(url, {"title": "Old", "version": version})
    assert stale.status_code == 409
    (row,) = api.get(f"/api/v1/cases/{case.public_id}/translations/").json()
    assert row["key"] == translation.key and row["translates"] == original.key
    assert row["translator"] == "N. Interpreter" and row["certified"] and not row["needs_review"]
    custody = translation.custody.order_by("pk").last()
    assert custody is not None and custody.action == "metadata", "the change is in the custody history"
