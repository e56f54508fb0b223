"""Adding, editing and deleting events and accounts from the web, with versioned edits."""

import datetime

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from article3.accounts.models import Organisation
from article3.audit.models import AuditEntry
from article3.cases.models import Case
from article3.cases.services import case_create
from article3.chronology import services
from article3.chronology.models import Account, Event
from tests.chronology.factories import account_for, document_for, event_for


def url(name: str, case: Case, **kwargs: object) -> str:
    return reverse(name, kwargs={"case_id": case.public_id, **kwargs})


EVENT = {"kind": "detention", "title": "Held at the gendarmerie", "date": "2019-03-14/2019-03-19",
         "place": "Bamenda", "actors": "gendarmes (official)\nneighbour", "concerns_applicant": "on",
         "in_home_country": "true", "description": ""}


@pytest.mark.django_db
def test_add_an_event(case: Case, as_alice: Client) -> None:
    form = as_alice.get(url("case_event_add", case)).content.decode()
    assert "autofocus" in form and 'name="date"' in form
    response = as_alice.post(url("case_event_add", case), EVENT)
    event = Event.objects.get(case=case)
    assert response.status_code == 302 and response["Location"] == url("case_event", case, key=event.key)
    assert event.actors == [{"name": "gendarmes", "official": True}, {"name": "neighbour", "official": False}]
    assert (event.date, event.in_home_country, event.concerns_applicant) == ("2019-03-14/2019-03-19", True, True)
    assert AuditEntry.objects.filter(case_id=case.pk, action="chronology.event.added", object_key=event.key).exists()


@pytest.mark.django_db
def test_a_bad_date_is_refused_with_the_reason(case: Case, as_alice: Client) -> None:
    response = as_alice.post(url("case_event_add", case), {**EVENT, "date": "14/03/2019"})
    assert response.status_code == 200 and "&#x27;14/03/2019&#x27; is not a valid date" in response.content.decode()
    assert not Event.objects.filter(case=case).exists()


@pytest.mark.django_db
def test_an_event_in_the_future_is_refused_unless_it_is_planned(case: Case, as_alice: Client) -> None:
    """A detention dated next year is a typing mistake; a hearing next year is not."""
    next_year = str(datetime.date.today().year + 1)
    refused = as_alice.post(url("case_event_add", case), {**EVENT, "date": next_year})
    assert refused.status_code == 200 and f"{next_year} is in the future" in refused.content.decode()
    assert not Event.objects.filter(case=case).exists()
    hearing = as_alice.post(url("case_event_add", case), {**EVENT, "kind": "hearing", "title": "Merits hearing",
                                                          "date": f"{next_year}-03-16"})
    assert hearing.status_code == 302 and Event.objects.get(case=case).kind == "hearing"


@pytest.mark.django_db
def test_the_event_page_shows_the_event_its_accounts_and_no_conflict(case: Case, as_alice: Client) -> None:
    event = event_for(case, actors=[{"name": "gendarmes", "official": True}])
    services.account_add(actor="test", event=event, interview="Credible fear interview", date="2019-03",
                         age_stated=17, quote="In March they took me.")
    html = as_alice.get(url("case_event", case, key=event.key)).content.decode()
    assert "14 March 2019" in html and "gendarmes (official)" in html
    assert "Credible fear interview" in html and "In March they took me." in html
    assert "No conflicts: the sources of this event agree." in html
    assert AuditEntry.objects.filter(action="cases.page.viewed", object_key="chronology_event").exists()


@pytest.mark.django_db
def test_edit_an_event_with_its_version(case: Case, as_alice: Client) -> None:
    event = event_for(case)
    form = as_alice.get(url("case_event_edit", case, key=event.key)).content.decode()
    assert 'name="version"' in form
    response = as_alice.post(url("case_event_edit", case, key=event.key),
                             {**EVENT, "date": "2019-03-15", "version": event.version})
    assert response.status_code == 302
    event.refresh_from_db()
    assert (event.date, event.version) == ("2019-03-15", 2)
    assert AuditEntry.objects.filter(action="chronology.event.updated", object_key=event.key).exists()


@pytest.mark.django_db
def test_a_stale_event_edit_shows_both_versions_and_keeps_the_first(case: Case, alice: User) -> None:
    event = event_for(case)
    first, second = Client(), Client()
    first.force_login(alice)
    second.force_login(alice)
    edit = url("case_event_edit", case, key=event.key)
    assert first.post(edit, {**EVENT, "place": "Buea", "version": 1}).status_code == 302
    stale = second.post(edit, {**EVENT, "place": "Kumba", "version": 1})
    assert stale.status_code == 409 and b"Buea" in stale.content and b"Kumba" in stale.content
    event.refresh_from_db()
    assert event.place == "Buea"


@pytest.mark.django_db
def test_delete_an_event(case: Case, as_alice: Client) -> None:
    event = account_for(case).event
    confirm = as_alice.get(url("case_event_delete", case, key=event.key))
    assert confirm.status_code == 200 and "Its 1 account of what the sources say is deleted" in confirm.content.decode()
    assert Event.objects.filter(pk=event.pk).exists(), "a GET only asks"
    response = as_alice.post(url("case_event_delete", case, key=event.key))
    assert response.status_code == 302 and response["Location"] == url("case_chronology", case)
    assert not Event.objects.filter(pk=event.pk).exists() and not Account.objects.exists()
    assert as_alice.get(url("case_event_delete", case, key="e-test")).status_code == 404


@pytest.mark.django_db
def test_add_an_account_citing_a_document(case: Case, as_alice: Client) -> None:
    event = event_for(case)
    medical = document_for(case, "d-medical", "medical")
    response = as_alice.post(url("case_account_add", case, key=event.key), {
        "document": medical.pk, "page": 1, "paragraph": "", "interview": "", "date": "2019-03",
        "place": "", "age_stated": "", "quote": ""})
    assert response.status_code == 302
    account = event.accounts.get()
    assert (account.document, account.page, account.date) == (medical, 1, "2019-03")
    html = as_alice.get(url("case_event", case, key=event.key)).content.decode()
    assert "Medical report p.1" in html


@pytest.mark.django_db
def test_an_account_needs_a_source(case: Case, as_alice: Client) -> None:
    event = event_for(case)
    response = as_alice.post(url("case_account_add", case, key=event.key), {"date": "2019-03"})
    assert response.status_code == 200 and b"Say where the account comes from" in response.content
    assert not event.accounts.exists()


@pytest.mark.django_db
def test_an_account_cannot_cite_another_cases_document(case: Case, as_alice: Client, org_b: Organisation) -> None:
    other = case_create(actor="test", organisation=org_b, reference="B-1", forum="us-eoir",
                        country_of_return="CM", applicant_name="Other Person")
    foreign = document_for(other, "d-foreign", "medical")
    event = event_for(case)
    response = as_alice.post(url("case_account_add", case, key=event.key),
                             {"document": foreign.pk, "date": "2019-03"})
    assert response.status_code == 200 and b"Select a valid choice" in response.content
    assert not event.accounts.exists()


@pytest.mark.django_db
def test_edit_and_delete_an_account(case: Case, as_alice: Client, alice: User) -> None:
    account = account_for(case, date="2019-03")
    edit = url("case_account_edit", case, key="e-test", account_id=account.pk)
    assert as_alice.post(edit, {"interview": "Second interview", "date": "2019-04", "version": 1}).status_code == 302
    account.refresh_from_db()
    assert (account.interview, account.date, account.version) == ("Second interview", "2019-04", 2)
    stale = as_alice.post(edit, {"interview": "Third", "date": "2019-05", "version": 1})
    assert stale.status_code == 409 and b"Second interview" in stale.content
    response = as_alice.post(url("case_account_delete", case, key="e-test", account_id=account.pk))
    assert response.status_code == 302 and not Account.objects.filter(pk=account.pk).exists()
    actions = set(AuditEntry.objects.filter(case_id=case.pk).values_list("action", flat=True))
    assert {"chronology.account.updated", "chronology.account.deleted"} <= actions


@pytest.mark.django_db
def test_keys_and_ids_are_scoped_to_the_case_and_the_event(case: Case, as_alice: Client, org_a: Organisation,
                                                           alice: User) -> None:
    """Alice may see two cases: an event of one is not reachable through the other's address."""
    mine = case_create(actor="test", organisation=org_a, reference="A-2", forum="us-eoir", country_of_return="CM",
                       applicant_name="Second Person", owner_id=alice.pk)
    event_for(mine, key="e-elsewhere")
    assert as_alice.get(url("case_event", case, key="e-elsewhere")).status_code == 404
    account = account_for(mine)
    event_for(case, key="e-here")
    assert as_alice.get(url("case_account_edit", case, key="e-here", account_id=account.pk)).status_code == 404
    assert as_alice.post(url("case_account_delete", mine, key="e-here", account_id=account.pk)).status_code == 404
    assert Account.objects.filter(pk=account.pk).exists()


@pytest.mark.django_db
def test_deleting_an_event_a_fact_rests_on_says_so_and_leaves_no_dangling_support(
        case: Case, as_alice: Client) -> None:
    from article3.claims.models import Support
    from article3.claims.services import fact_add, support_add
    from article3.evidence.models import MedicalFinding
    from tests.chronology.factories import document_for

    event = account_for(case).event
    fact = fact_add(actor="test", case=case, text="Gendarmes held him for five days.", elements=["past_torture"])
    support_add(actor="test", fact=fact, kind="event", event=event)
    finding = MedicalFinding.objects.create(document=document_for(case), finding="Scars", event=event)
    page = as_alice.get(url("case_event_delete", case, key=event.key)).content.decode()
    assert "The fact “Gendarmes held him for five days.” no longer rests on this event" in page
    assert "1 medical finding linked to it stay" in page
    as_alice.post(url("case_event_delete", case, key=event.key))
    fact.refresh_from_db()
    finding.refresh_from_db()
    assert not Support.objects.filter(fact=fact).exists() and finding.event_id is None
