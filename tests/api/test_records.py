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
