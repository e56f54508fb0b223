"""Intake answers become structured records, section by section."""

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from article3.audit.models import AuditEntry
from article3.cases.models import Case
from article3.chronology.models import DomesticRemedy, Event


def url(name: str, case: Case, **kwargs: str) -> str:
    return reverse(name, kwargs={"case_id": case.public_id, **kwargs})


@pytest.mark.django_db
def test_each_section_saves_as_records(case: Case, as_alice: Client) -> None:
    harm = as_alice.post(url("case_intake_event", case, section="harm"), {
        "harm-kind": "detention", "harm-title": "Held at the police station", "harm-date": "2019-03",
        "harm-place": "Town", "harm-concerns_applicant": "on", "harm-in_home_country": "true"})
    assert harm.status_code == 302 and harm["Location"].endswith("#harm")
    event = Event.objects.get(case=case)
    assert (event.kind, event.date, event.key) == ("detention", "2019-03", "e-1")

    as_alice.post(url("case_intake_remedy", case), {
        "date": "2019-04-02", "body": "police", "outcome": "refused", "description": "Complaint",
        "consequence": "Turned away"})
    assert DomesticRemedy.objects.get(case=case).outcome == "refused"

    as_alice.post(url("case_person_add", case), {"role": "family", "name": "A Sister", "relation": "sister",
                                                  "at_risk": "on", "back": "intake"})
    assert [p.at_risk for p in case.people.all() if p.relation == "sister"] == [True]  # encrypted: no SQL filter
    as_alice.post(url("case_agent_add", case), {"description": "Local militia", "official": "",
                                                 "link_to_officials": "Armed by the mayor"})
    assert case.feared_agents.get().link_to_officials == "Armed by the mayor"
    assert AuditEntry.objects.filter(case_id=case.pk, action="chronology.event.added").count() == 1


@pytest.mark.django_db
def test_a_wrong_date_is_refused_with_a_message_and_nothing_saved(case: Case, as_alice: Client) -> None:
    response = as_alice.post(url("case_intake_event", case, section="harm"), {
        "harm-kind": "harm", "harm-title": "Beaten", "harm-date": "2019-13-45",
        "harm-concerns_applicant": "on"})
    assert response.status_code == 200 and b"not saved" in response.content.lower()
    assert b"2019-13-45" in response.content
    assert not Event.objects.filter(case=case).exists()


@pytest.mark.django_db
def test_intake_page_shows_empty_states(case: Case, as_alice: Client) -> None:
    page = as_alice.get(url("case_intake", case))
    assert page.status_code == 200
    assert b"Nothing recorded in this section yet." in page.content
    assert b"No attempts recorded." in page.content


@pytest.mark.django_db
def test_a_stale_edit_is_refused_and_shows_both_versions(case: Case, alice: User) -> None:
    first, second = Client(), Client()
    first.force_login(alice)
    second.force_login(alice)
    plan_url = url("case_safety_plan", case)
    version = case.safety_plan.version
    saved = first.post(plan_url, {"version": version, "trusted_contacts": "Aunt via the clinic"})
    assert saved.status_code == 302
    stale = second.post(plan_url, {"version": version, "trusted_contacts": "Neighbour"})
    assert stale.status_code == 409
    assert b"Aunt via the clinic" in stale.content and b"Neighbour" in stale.content
    case.safety_plan.refresh_from_db()
    assert case.safety_plan.trusted_contacts == "Aunt via the clinic"
    assert case.safety_plan.version == version + 1


@pytest.mark.django_db
def test_overview_lists_what_is_missing(case: Case, as_alice: Client) -> None:
    page = as_alice.get(url("case_detail", case)).content.decode()
    assert "No events yet" in page and "No evidence uploaded yet." in page
