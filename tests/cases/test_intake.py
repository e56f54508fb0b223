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
    page = response.content.decode()
    assert response.status_code == 200 and "Not saved." in page
    assert 'value="2019-13-45"' in page and 'value="Beaten"' in page, "what was typed stays in the form"
    assert "month 13" in page and "<details open>" in page, "the error shows inline, in the open section"
    assert not Event.objects.filter(case=case).exists()


@pytest.mark.django_db
def test_each_save_says_it_saved(case: Case, as_alice: Client) -> None:
    response = as_alice.post(url("case_intake_event", case, section="harm"), {
        "harm-kind": "harm", "harm-title": "Beaten", "harm-date": "2019-03", "harm-concerns_applicant": "on"},
        follow=True)
    assert "Event added: Beaten." in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(("typed", "problem"), [
    ("15/04/1990", "not a valid date"),
    ("2090-01-01", "cannot be a date of birth"),
    ("1990/1991", "Give one date of birth"),
])
def test_a_birth_date_the_age_check_cannot_read_is_refused(case: Case, as_alice: Client,
                                                           typed: str, problem: str) -> None:
    """Regression: "15/04/1990" was stored, and the age check silently stopped working."""
    applicant = case.applicant
    response = as_alice.post(url("case_intake_applicant", case), {
        "version": applicant.version, "name": "Test Applicant", "birth_date": typed, "nationality": "CM"})
    page = response.content.decode()
    assert response.status_code == 200 and problem in page and f'value="{typed}"' in page
    applicant.refresh_from_db()
    assert applicant.birth_date == ""


@pytest.mark.django_db
def test_a_good_birth_date_is_saved(case: Case, as_alice: Client) -> None:
    applicant = case.applicant
    response = as_alice.post(url("case_intake_applicant", case), {
        "version": applicant.version, "name": "Test Applicant", "birth_date": "~1990", "nationality": "CM"},
        follow=True)
    assert "The applicant&#x27;s details are saved." in response.content.decode()
    applicant.refresh_from_db()
    assert applicant.birth_date == "~1990"


@pytest.mark.django_db
def test_intake_page_shows_empty_states(case: Case, as_alice: Client) -> None:
    page = as_alice.get(url("case_intake", case))
    assert page.status_code == 200
    assert b"Nothing recorded in this section yet." in page.content
    assert b"No attempts recorded." in page.content
    # Regression: field names showed as labels ("Reads english").
    assert b"Reads English well enough" in page.content and b"Reads english" not in page.content


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
