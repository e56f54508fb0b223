"""People, feared agents and attempts at protection: each can be edited and deleted, versioned,
audited, asked about before deletion, closed to viewers and to outsiders."""

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from article3.audit.models import AuditEntry
from article3.cases import services
from article3.cases.models import Case
from article3.chronology import services as chronology
from article3.chronology.models import DomesticRemedy
from tests.conftest import client_for


def url(name: str, case: Case, key: str) -> str:
    return reverse(name, kwargs={"case_id": case.public_id, "key": key})


def actions(case: Case) -> list[str]:
    return list(AuditEntry.objects.filter(case_id=case.pk).values_list("action", flat=True))


@pytest.mark.django_db
def test_a_feared_agent_is_edited_then_deleted_after_confirmation(case: Case, as_alice: Client) -> None:
    agent = services.feared_agent_add(actor="test", case=case, description="Local militia")
    page = as_alice.get(url("case_agent_edit", case, agent.key))
    assert page.status_code == 200 and "Local militia" in page.content.decode()
    saved = as_alice.post(url("case_agent_edit", case, agent.key), {
        "description": "Militia of the mayor", "official": "on", "link_to_officials": "Paid by the mayor",
        "version": agent.version}, follow=True)
    agent.refresh_from_db()
    assert (agent.description, agent.official, agent.version) == ("Militia of the mayor", True, 2)
    assert "The feared agent is saved." in saved.content.decode()

    confirm = as_alice.get(url("case_agent_delete", case, agent.key))
    assert "Delete the feared agent “Militia of the mayor”?" in confirm.content.decode()
    assert case.feared_agents.exists(), "asking is not deleting"
    as_alice.post(url("case_agent_delete", case, agent.key))
    assert not case.feared_agents.exists()
    assert {"cases.feared_agent.updated", "cases.feared_agent.deleted"} <= set(actions(case))


@pytest.mark.django_db
def test_a_stale_agent_edit_shows_both_versions_and_keeps_the_newer(case: Case, as_alice: Client) -> None:
    agent = services.feared_agent_add(actor="test", case=case, description="Soldiers")
    services.feared_agent_update(actor="test", agent=agent, expected_version=1, changes={"description": "Army"})
    response = as_alice.post(url("case_agent_edit", case, agent.key), {"description": "Police", "version": 1})
    assert response.status_code == 409
    agent.refresh_from_db()
    assert agent.description == "Army"


@pytest.mark.django_db
def test_an_attempt_is_edited_with_the_one_date_parser_and_deleted(case: Case, as_alice: Client) -> None:
    remedy = chronology.remedy_add(actor="test", case=case, date="2019-04", body="police", outcome="refused")
    bad = as_alice.post(url("case_remedy_edit", case, remedy.key), {
        "date": "15/04/2019", "body": "court", "outcome": "dismissed", "version": 1})
    assert bad.status_code == 200 and "15/04/2019" in bad.content.decode()
    remedy.refresh_from_db()
    assert (remedy.date, remedy.body) == ("2019-04", "police"), "nothing stored from a refused form"
    as_alice.post(url("case_remedy_edit", case, remedy.key), {
        "date": "2019-04-15", "body": "court", "outcome": "dismissed", "consequence": "Beaten after", "version": 1})
    remedy.refresh_from_db()
    assert (remedy.date, remedy.body, remedy.consequence) == ("2019-04-15", "court", "Beaten after")
    confirm = as_alice.get(url("case_remedy_delete", case, remedy.key)).content.decode()
    assert "Delete the attempt of 2019-04-15 (court)?" in confirm
    as_alice.post(url("case_remedy_delete", case, remedy.key))
    assert not DomesticRemedy.objects.filter(case=case).exists()
    assert {"chronology.remedy.updated", "chronology.remedy.deleted"} <= set(actions(case))


@pytest.mark.django_db
def test_a_person_is_edited_and_removed_only_after_confirmation(case: Case, as_alice: Client) -> None:
    person = services.person_add(actor="test", case=case, role="family", name="A Sister", relation="sister")
    as_alice.post(url("case_person_edit", case, person.key), {
        "role": "witness", "name": "A Sister", "relation": "older sister", "at_risk": "on", "version": 1})
    person.refresh_from_db()
    assert (person.role, person.relation, person.at_risk) == ("witness", "older sister", True)
    confirm = as_alice.get(url("case_person_delete", case, person.key)).content.decode()
    assert "Delete A Sister (witness)?" in confirm and "<form method=\"post\"" in confirm
    as_alice.post(url("case_person_delete", case, person.key))
    assert not case.people.exists()
    assert {"cases.person.updated", "cases.person.deleted"} <= set(actions(case))


@pytest.mark.django_db
def test_viewers_cannot_change_and_outsiders_get_404(case: Case, bob: User, charlie: User) -> None:
    agent = services.feared_agent_add(actor="test", case=case, description="Soldiers")
    remedy = chronology.remedy_add(actor="test", case=case, body="police", outcome="refused")
    for name, key in (("case_agent_edit", agent.key), ("case_agent_delete", agent.key),
                      ("case_remedy_edit", remedy.key), ("case_remedy_delete", remedy.key)):
        assert client_for(bob).post(url(name, case, key), {"description": "x", "version": 1}).status_code == 403
        assert client_for(charlie).post(url(name, case, key)).status_code == 404
    assert case.feared_agents.get().description == "Soldiers" and case.domestic_remedies.count() == 1


@pytest.mark.django_db
def test_a_record_of_another_case_is_404(case: Case, as_alice: Client, alice: User, org_a: object) -> None:
    other = services.case_create(actor=alice, organisation=org_a, reference="A-2026-002", forum="us-eoir",  # type: ignore[arg-type]
                                 country_of_return="CM", applicant_name="Other", owner_id=alice.pk)
    agent = services.feared_agent_add(actor="test", case=other, description="Soldiers")
    agent.key = "a-99"
    agent.save()
    assert as_alice.get(url("case_agent_edit", case, "a-99")).status_code == 404
    assert as_alice.post(url("case_agent_delete", case, "a-99")).status_code == 404
    assert other.feared_agents.count() == 1
