"""Decisions and interim requests can be corrected and deleted; a decision cannot predate the filing."""

import datetime

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from article3.audit.models import AuditEntry
from article3.cases.models import Case
from article3.chronology.services import event_add
from tests.conftest import client_for
from tests.deadlines import factories

D = datetime.date


def url(name: str, case: Case, **kwargs: object) -> str:
    return reverse(name, kwargs={"case_id": case.public_id, **kwargs})


def decision_data(**changes: object) -> dict[str, object]:
    return {"date": "2026-05-04", "trigger": "ij_decision", "service": "mail", "outcome": "denied", **changes}


@pytest.mark.django_db
def test_correcting_a_decision_date_computes_its_deadlines_again(case: Case, as_alice: Client) -> None:
    decision = factories.decision_for(case)
    before = {d.rule: d.due for d in decision.deadlines.all()}
    assert before["bia_appeal"] == D(2026, 6, 3)
    form = as_alice.get(url("deadlines_decision_edit", case, key=decision.key)).content.decode()
    assert 'value="2026-05-04"' in form
    page = as_alice.post(url("deadlines_decision_edit", case, key=decision.key),
                         decision_data(date="2026-05-11", version=decision.version), follow=True).content.decode()
    assert "computed again" in page
    decision.refresh_from_db()
    after = {d.rule: d.due for d in decision.deadlines.all()}
    assert decision.date == D(2026, 5, 11) and after["bia_appeal"] == D(2026, 6, 10)
    assert AuditEntry.objects.filter(action="deadlines.decision.updated", case_id=case.pk).exists()


@pytest.mark.django_db
def test_deleting_a_decision_says_its_deadlines_go_too(case: Case, as_alice: Client) -> None:
    decision = factories.decision_for(case)
    count = decision.deadlines.count()
    confirm = as_alice.get(url("deadlines_decision_delete", case, key=decision.key)).content.decode()
    assert f"The {count} deadline" in confirm and "deleted too" in confirm
    as_alice.post(url("deadlines_decision_delete", case, key=decision.key))
    assert not case.decisions.exists() and not case.deadlines.exists()
    assert AuditEntry.objects.filter(action="deadlines.decision.deleted", case_id=case.pk).exists()


@pytest.mark.django_db
def test_a_decision_before_the_filing_is_refused_with_both_dates(case: Case, as_alice: Client) -> None:
    event_add(actor="test", case=case, kind="filing", title="Asylum application filed", date="2025-09-01")
    page = as_alice.post(url("deadlines_decision_add", case), decision_data(date="2025-05-04")).content.decode()
    assert "4 May 2025 is before the filing on 1 September 2025" in page
    assert not case.decisions.exists()


@pytest.mark.django_db
def test_an_interim_request_is_corrected_and_deleted(case: Case, as_alice: Client) -> None:
    interim = factories.interim_for(case)
    bad = as_alice.post(url("deadlines_interim_edit", case, pk=interim.pk), {
        "kind": "stay_of_removal", "status": "granted", "filed_on": "2026-06-10", "decided_on": "2026-06-01",
        "version": interim.version}).content.decode()
    assert "cannot be decided before it was filed" in bad
    as_alice.post(url("deadlines_interim_edit", case, pk=interim.pk), {
        "kind": "echr_rule39", "status": "filed", "filed_on": "2026-06-10", "addressed_to": "The Court",
        "version": interim.version})
    interim.refresh_from_db()
    assert (interim.kind, interim.status, interim.addressed_to) == ("echr_rule39", "filed", "The Court")
    as_alice.post(url("deadlines_interim_delete", case, pk=interim.pk))
    assert not case.interim_requests.exists()


@pytest.mark.django_db
def test_viewers_cannot_correct_and_outsiders_get_404(case: Case, bob: User, charlie: User) -> None:
    decision, interim = factories.decision_for(case), factories.interim_for(case)
    for name, kwargs in (("deadlines_decision_edit", {"key": decision.key}),
                         ("deadlines_decision_delete", {"key": decision.key}),
                         ("deadlines_interim_edit", {"pk": interim.pk}),
                         ("deadlines_interim_delete", {"pk": interim.pk})):
        assert client_for(bob).post(url(name, case, **kwargs)).status_code == 403
        assert client_for(charlie).post(url(name, case, **kwargs)).status_code == 404
    assert case.decisions.count() == 1 and case.interim_requests.count() == 1
