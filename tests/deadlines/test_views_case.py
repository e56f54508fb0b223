"""The case's Deadlines tab: the list with traces, marking done, computing from a trigger,
interim relief, and the reopening option when country conditions change."""

import datetime

import pytest
import time_machine
from django.contrib.auth.models import User
from django.urls import reverse

from article3.audit.models import AuditEntry
from article3.cases.models import Case
from article3.deadlines.models import InterimStatus
from article3.deadlines.selectors import case_deadlines
from tests.conftest import client_for
from tests.deadlines import factories

D = datetime.date


def url(name: str, case: Case, **kwargs: object) -> str:
    return reverse(name, kwargs={"case_id": case.public_id, **kwargs})


@pytest.mark.django_db
def test_it_shows_each_date_with_its_trace_source_and_status(alice: User, case: Case) -> None:
    factories.deadline_for(case)
    response = client_for(alice).get(url("deadlines_case", case))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Wed 1 Jul 2026" in page and "BIA appeal (Form EOIR-26)" in page and "8 CFR 1003.38(b)" in page
    assert '<details class="trace"><summary>How this date was computed</summary>' in page
    assert "30 calendar days after → Wed 2026-07-01" in page and 'class="badge verified"' in page
    assert "Filing counts on receipt" in page
    viewed = AuditEntry.objects.filter(action="cases.page.viewed", object_key="deadlines", case_id=case.pk)
    assert viewed.count() == 1


@pytest.mark.django_db
def test_the_empty_tab_says_what_to_do(bob: User, case: Case) -> None:
    page = client_for(bob).get(url("deadlines_case", case)).content.decode()
    assert "No open deadlines with a date" in page and "No decision recorded yet" in page
    assert "No interim requests" in page
    assert url("deadlines_decision_add", case) not in page  # a viewer reads, and sees no forms
    factories.deadline_for(case)
    page = client_for(bob).get(url("deadlines_case", case)).content.decode()
    assert "BIA appeal (Form EOIR-26)" in page and "Mark done" not in page


@pytest.mark.django_db
def test_marking_done_records_who_and_when(alice: User, case: Case) -> None:
    deadline = factories.deadline_for(case)
    with time_machine.travel(datetime.datetime(2026, 6, 20, 9, 30, tzinfo=datetime.UTC), tick=False):
        response = client_for(alice).post(url("deadlines_done", case, pk=deadline.pk))
    assert response.status_code == 302
    deadline.refresh_from_db()
    assert deadline.done_by == alice and deadline.done_at == datetime.datetime(2026, 6, 20, 9, 30, tzinfo=datetime.UTC)
    entry = AuditEntry.objects.get(action="deadlines.deadline.done")
    assert entry.actor == f"user:{alice.pk}" and entry.object_key == str(deadline.pk) and entry.case_id == case.pk
    page = client_for(alice).get(url("deadlines_case", case)).content.decode()
    assert "20 June 2026, 09:30 by alice@example.org" in page and 'class="badge done"' in page
    again = client_for(alice).post(url("deadlines_done", case, pk=deadline.pk), follow=True)
    assert "already marked done" in again.content.decode()
    assert AuditEntry.objects.filter(action="deadlines.deadline.done").count() == 1


@pytest.mark.django_db
def test_a_deadline_of_another_case_is_not_found(alice: User, case: Case, demo_case: Case) -> None:
    other = factories.deadline_for(demo_case)
    response = client_for(alice).post(url("deadlines_done", case, pk=other.pk))
    assert response.status_code == 404
    other.refresh_from_db()
    assert other.done_at is None


@pytest.mark.django_db
def test_compute_from_a_trigger_adds_deadlines_once(alice: User, case: Case) -> None:
    data = {"trigger": "bia_decision", "date": "2026-01-15"}
    first = client_for(alice).post(url("deadlines_compute", case), data, follow=True)
    assert "3 deadlines added." in first.content.decode()
    assert sorted(case.deadlines.values_list("rule", flat=True)) == [
        "motion_to_reconsider", "motion_to_reopen", "motion_to_reopen_changed_country_conditions"]
    second = client_for(alice).post(url("deadlines_compute", case), data, follow=True)
    assert "No new deadlines" in second.content.decode() and case.deadlines.count() == 3
    entry = AuditEntry.objects.filter(action="deadlines.deadlines.computed").first()
    assert entry is not None and entry.detail["trigger"] == "bia_decision"


@pytest.mark.django_db
def test_compute_uses_the_detained_rules_of_a_detained_case(alice: User, case: Case) -> None:
    Case.objects.filter(pk=case.pk).update(detained=True)
    client_for(alice).post(url("deadlines_compute", case), {"trigger": "individual_hearing", "date": "2026-03-16"})
    (deadline,) = case.deadlines.all()
    assert deadline.due is None and "Detained" in deadline.note


@pytest.mark.django_db
def test_compute_with_a_missing_service_says_so(alice: User, case: Case) -> None:
    response = client_for(alice).post(url("deadlines_compute", case), {"trigger": "ij_decision", "date": "2026-01-15"})
    assert response.status_code == 200 and "Say how the decision was served" in response.content.decode()
    assert not case.deadlines.exists()


@pytest.mark.django_db
def test_interim_requests_are_tracked_with_status_and_dates(alice: User, case: Case) -> None:
    added = client_for(alice).post(url("deadlines_interim_add", case), {
        "kind": "echr_rule39", "status": "filed", "filed_on": "2027-01-05", "addressed_to": "ECtHR",
        "reference": "R39-1"}, follow=True)
    assert "Interim request recorded." in added.content.decode()
    interim = case.interim_requests.get()
    assert interim.status == InterimStatus.FILED and interim.filed_on == D(2027, 1, 5)
    client_for(alice).post(url("deadlines_interim_update", case, pk=interim.pk),
                           {"status": "granted", "on": "2027-01-07"})
    interim.refresh_from_db()
    assert interim.status == InterimStatus.GRANTED and interim.decided_on == D(2027, 1, 7)
    assert interim.filed_on == D(2027, 1, 5)
    page = client_for(alice).get(url("deadlines_case", case)).content.decode()
    assert "ECHR Rule 39 interim measures" in page and "Granted" in page and "7 January 2027" in page
    updated = AuditEntry.objects.get(action="deadlines.interim.updated")
    assert updated.detail == {"kind": "echr_rule39", "previous": "filed", "status": "granted"}


@pytest.mark.django_db
def test_an_interim_request_filed_without_a_date_is_refused(alice: User, case: Case) -> None:
    response = client_for(alice).post(url("deadlines_interim_add", case),
                                      {"kind": "stay_of_removal", "status": "filed"})
    assert "Give the date the request was filed." in response.content.decode()
    assert not case.interim_requests.exists()


@pytest.mark.django_db
def test_a_filed_request_cannot_go_back_to_draft(alice: User, case: Case) -> None:
    interim = factories.interim_for(case)
    client_for(alice).post(url("deadlines_interim_update", case, pk=interim.pk), {"status": "filed"})
    response = client_for(alice).post(url("deadlines_interim_update", case, pk=interim.pk), {"status": "draft"},
                                      follow=True)
    assert "cannot go back to draft" in response.content.decode()
    interim.refresh_from_db()
    assert interim.status == InterimStatus.FILED


def _alert(case: Case) -> None:
    from article3.coi.models import CoiAlert, Report

    report = Report.objects.create(organisation=case.organisation, title="Country update", sha256="a" * 64,
                                   text_sha256="b" * 64, file_type="pdf", imported_by="test")
    CoiAlert.objects.create(case=case, report=report)


@pytest.mark.django_db
def test_country_information_alerts_show_the_reopening_option(alice: User, case: Case) -> None:
    assert case_deadlines(case=case).changed_conditions == []
    before = client_for(alice).get(url("deadlines_case", case)).content.decode()
    assert "Country conditions may have changed" not in before
    _alert(case)
    page = case_deadlines(case=case)
    assert page.alerts == 1
    assert [r.id for r in page.changed_conditions] == [
        "motion_to_reopen_changed_country_conditions", "ij_motion_to_reopen_changed_country_conditions"]
    after = client_for(alice).get(url("deadlines_case", case)).content.decode()
    assert "Country conditions may have changed" in after
    assert "Motion to reopen on changed country conditions (BIA)" in after and "no time limit" in after
    checked = page.changed_conditions[0].last_verified
    assert checked is not None and f"rule last verified {checked.day} {checked:%B %Y}" in after


@pytest.mark.django_db
def test_the_dashboard_lists_deadlines_by_urgency_with_overdue_in_red(alice: User, case: Case) -> None:
    factories.deadline_for(case, date=D(2026, 6, 1))  # due 1 July
    factories.deadline_for(case, date=D(2026, 7, 1))  # due Fri 31 July
    with time_machine.travel(datetime.datetime(2026, 7, 10, 12, tzinfo=datetime.UTC), tick=False):
        page = client_for(alice).get(reverse("dashboard")).content.decode()
    assert page.index("Overdue") < page.index("Within 30 days")
    assert '<tr class="urgency-overdue">' in page and "<strong>overdue</strong>" in page
    assert "deadlines/deadlines.css" in page
