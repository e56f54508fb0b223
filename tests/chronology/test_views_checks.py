"""Every consistency check, through the models, `chronology_findings` and the chronology page.

Each check is tested both ways: the contradiction is reported with the sources involved, and
the agreeing version of the same facts is not.
"""

import pytest
from django.test import Client
from django.urls import reverse

from article3.cases.models import Case
from article3.cases.services import applicant_update
from article3.chronology import services
from article3.chronology.models import Event
from article3.chronology.selectors import chronology_findings
from tests.chronology.factories import document_for


def page(client: Client, case: Case) -> str:
    response = client.get(reverse("case_chronology", kwargs={"case_id": case.public_id}))
    assert response.status_code == 200
    return response.content.decode()


def codes(case: Case) -> list[str]:
    return [f.code for f in chronology_findings(case)]


def detention(case: Case, date: str = "2019-03-14/2019-03-19", **fields: object) -> Event:
    return services.event_add(actor="test", case=case, key="e-arrest", kind="detention",
                              title="Arrested at a checkpoint", date=date, **fields)


def set_birth_date(case: Case, birth_date: str) -> None:
    applicant = case.applicant
    applicant_update(actor="test", applicant=applicant, expected_version=applicant.version,
                     changes={"birth_date": birth_date})


@pytest.mark.django_db
@pytest.mark.parametrize(("medical_date", "conflict"), [("2019-04", True), ("2019-03", False)])
def test_date_conflict(case: Case, as_alice: Client, medical_date: str, conflict: bool) -> None:
    event = detention(case)
    declaration = document_for(case, "d-declaration", "declaration")
    medical = document_for(case, "d-medical", "medical")
    services.account_add(actor="test", event=event, document=declaration, paragraph=14, date="2019-03-14/2019-03-19")
    services.account_add(actor="test", event=event, document=medical, page=1, date=medical_date)

    findings = chronology_findings(case)
    html = page(as_alice, case)
    assert ("date_conflict" in [f.code for f in findings]) is conflict
    assert ('data-code="date_conflict"' in html) is conflict
    if conflict:
        finding = next(f for f in findings if f.code == "date_conflict")
        assert finding.refs[0] == "e-arrest" and "d-medical" in finding.refs
        assert "Medical report p.1 gives April 2019" in finding.message
        assert "Medical report p.1: April 2019" in html  # the sources involved, on the page
    else:
        assert "No conflicts" in html


@pytest.mark.django_db
@pytest.mark.parametrize(("margin", "conflict"), [(30, False), (5, True)])
def test_the_approximate_margin_comes_from_the_settings(
    case: Case, settings: object, margin: int, conflict: bool
) -> None:
    settings.ARTICLE3_APPROX_MARGIN_DAYS = margin  # type: ignore[attr-defined]
    event = detention(case, date="2019-03-14/2019-03-19")
    services.account_add(actor="test", event=event, interview="First interview", date="~2019-04-10")
    assert ("date_conflict" in codes(case)) is conflict


@pytest.mark.django_db
@pytest.mark.parametrize(("age", "conflict"), [(25, True), (17, False)])
def test_age_conflict_uses_the_applicants_birth_date(case: Case, as_alice: Client, age: int, conflict: bool) -> None:
    set_birth_date(case, "2001-06-02")
    event = detention(case)
    services.account_add(actor="test", event=event, interview="Credible fear interview", date="2019-03", age_stated=age)
    assert ("age_conflict" in codes(case)) is conflict
    html = page(as_alice, case)
    assert ('data-code="age_conflict"' in html) is conflict
    if conflict:
        assert "Credible fear interview" in html and "Applicant&#x27;s birth date: 2 June 2001" in html


@pytest.mark.django_db
def test_no_birth_date_means_no_age_check(case: Case) -> None:
    event = detention(case)
    services.account_add(actor="test", event=event, interview="Interview", date="2019-03", age_stated=90)
    assert codes(case) == []


@pytest.mark.django_db
@pytest.mark.parametrize(("place", "conflict"), [("Buea", True), ("Bamenda, North-West Region", False)])
def test_place_conflict(case: Case, as_alice: Client, place: str, conflict: bool) -> None:
    event = detention(case, place="Bamenda")
    services.account_add(actor="test", event=event, interview="Credible fear interview", place=place)
    assert ("place_conflict" in codes(case)) is conflict
    assert ('data-code="place_conflict"' in page(as_alice, case)) is conflict


@pytest.mark.django_db
@pytest.mark.parametrize(("released", "conflict"), [("2019-03-10", True), ("2019-03-19", False)])
def test_sequence_conflict_release_before_detention(case: Case, as_alice: Client, released: str,
                                                    conflict: bool) -> None:
    detention(case, date="2019-03-14")
    services.event_add(actor="test", case=case, key="e-release", kind="release", title="Released", date=released)
    found = chronology_findings(case)
    assert ("sequence_conflict" in [f.code for f in found]) is conflict
    if conflict:
        assert found[0].refs == ("e-release", "e-arrest")
        assert 'data-code="sequence_conflict"' in page(as_alice, case)


@pytest.mark.django_db
@pytest.mark.parametrize(("in_home_country", "conflict"), [(None, True), (False, False)])
def test_sequence_conflict_at_home_after_the_departure(case: Case, in_home_country: bool | None,
                                                       conflict: bool) -> None:
    services.event_add(actor="test", case=case, key="e-left", kind="departure", title="Left", date="2019-06-20")
    services.event_add(actor="test", case=case, key="e-threat", kind="threat", title="Threatened",
                       date="2019-09", in_home_country=in_home_country)
    assert ("sequence_conflict" in codes(case)) is conflict


@pytest.mark.django_db
@pytest.mark.parametrize(("document_date", "conflict"), [("2019-01-10", True), ("2019-05-02", False)])
def test_sequence_conflict_document_dated_before_what_it_reports(
    case: Case, as_alice: Client, document_date: str, conflict: bool
) -> None:
    event = detention(case, date="2019-03")
    medical = document_for(case, "d-medical", "medical", date=document_date)
    services.account_add(actor="test", event=event, document=medical, page=1, date="2019-03")
    found = [f for f in chronology_findings(case) if f.code == "sequence_conflict"]
    assert bool(found) is conflict
    if conflict:
        assert found[0].refs == ("e-arrest", "d-medical")
        html = page(as_alice, case)
        assert "Medical report p.1: 10 January 2019" in html and "the date the document bears" in html


@pytest.mark.django_db
def test_findings_name_accounts_and_sources_by_key(case: Case) -> None:
    event = detention(case)
    services.account_add(actor="test", event=event, interview="Interview A", date="2019-03-14")
    services.account_add(actor="test", event=event, interview="Interview B", date="2020-01")
    finding = next(f for f in chronology_findings(case) if "Interview A" in f.message and "Interview B" in f.message)
    assert finding.refs == ("e-arrest", "e-arrest#0", "interview:1", "e-arrest#1", "interview:2")
