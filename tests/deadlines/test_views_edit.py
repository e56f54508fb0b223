"""Deadlines the team can correct: marking done asks first and can be undone; the team's own
deadlines are added, edited and deleted; pre-hearing deadlines follow the case's hearing date."""

import datetime

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from article3.audit.models import AuditEntry
from article3.cases.models import Case
from article3.cases.services import case_update
from article3.deadlines import services
from article3.deadlines.calendars import ics_calendar
from article3.deadlines.models import CUSTOM_LABEL, Deadline
from tests.conftest import client_for
from tests.deadlines import factories

D = datetime.date


def url(name: str, case: Case, **kwargs: object) -> str:
    return reverse(name, kwargs={"case_id": case.public_id, **kwargs})


def actions(case: Case) -> list[str]:
    return list(AuditEntry.objects.filter(case_id=case.pk).values_list("action", flat=True))


@pytest.mark.django_db
def test_marking_done_asks_first_and_can_be_undone(case: Case, as_alice: Client) -> None:
    deadline = factories.deadline_for(case)
    confirm = as_alice.get(url("deadlines_done", case, pk=deadline.pk)).content.decode()
    assert "Mark “BIA appeal (Form EOIR-26)” done?" in confirm
    deadline.refresh_from_db()
    assert deadline.done_at is None, "asking is not marking"
    as_alice.post(url("deadlines_done", case, pk=deadline.pk))
    deadline.refresh_from_db()
    assert deadline.done_at is not None
    assert url("deadlines_undo", case, pk=deadline.pk) in as_alice.get(url("deadlines_case", case)).content.decode()

    undo = as_alice.get(url("deadlines_undo", case, pk=deadline.pk)).content.decode()
    assert "Open “BIA appeal (Form EOIR-26)” again?" in undo
    page = as_alice.post(url("deadlines_undo", case, pk=deadline.pk), follow=True).content.decode()
    deadline.refresh_from_db()
    assert deadline.done_at is None and deadline.done_by is None
    assert "Open again: BIA appeal (Form EOIR-26)." in page
    reopened = AuditEntry.objects.get(action="deadlines.deadline.reopened")
    assert reopened.detail["done_by"] is not None, "the audit log keeps who had marked it done"


@pytest.mark.django_db
def test_undoing_an_open_deadline_is_refused_in_words(case: Case, as_alice: Client) -> None:
    deadline = factories.deadline_for(case)
    page = as_alice.post(url("deadlines_undo", case, pk=deadline.pk), follow=True).content.decode()
    assert "This deadline is not marked done." in page


@pytest.mark.django_db
def test_a_custom_deadline_is_added_edited_and_deleted(case: Case, as_alice: Client) -> None:
    page = as_alice.post(url("deadlines_add", case), {"title": "", "due": "2027-01-05"}).content.decode()
    assert "This field is required." in page and not case.deadlines.exists()
    as_alice.post(url("deadlines_add", case), {"title": "File the expert report", "due": "2027-01-05",
                                               "note": "Ordered at the master hearing"})
    deadline = case.deadlines.get()
    assert (deadline.title, deadline.due, deadline.is_custom) == ("File the expert report", D(2027, 1, 5), True)
    tab = as_alice.get(url("deadlines_case", case)).content.decode()
    assert "File the expert report" in tab and "Set by the case team" in tab

    as_alice.post(url("deadlines_edit", case, pk=deadline.pk), {
        "title": "File the expert report (extended)", "due": "2027-01-19", "note": "", "version": deadline.version})
    deadline.refresh_from_db()
    assert (deadline.title, deadline.due, deadline.trigger_date) == ("File the expert report (extended)",
                                                                      D(2027, 1, 19), D(2027, 1, 19))
    assert "Delete the deadline “File the expert report (extended)”?" in as_alice.get(
        url("deadlines_delete", case, pk=deadline.pk)).content.decode()
    as_alice.post(url("deadlines_delete", case, pk=deadline.pk))
    assert not case.deadlines.exists()
    assert {"deadlines.custom.added", "deadlines.deadline.updated", "deadlines.deadline.deleted"} <= set(actions(case))


@pytest.mark.django_db
def test_a_custom_title_never_leaves_for_calendars_or_rechecks(case: Case) -> None:
    deadline = services.deadline_custom_add(actor="test", case=case, title="Call Ms Canary", due=D(2027, 1, 5))
    feed = ics_calendar([deadline]).decode()
    assert "Canary" not in feed and CUSTOM_LABEL in feed
    assert services.deadlines_recheck(actor="test", deadlines=[deadline], apply=True) == []


@pytest.mark.django_db
def test_the_team_s_own_title_shows_on_the_dashboard_and_the_month_calendar(case: Case, as_alice: Client) -> None:
    """Signed-in pages name the deadline as the team wrote it, with no "unverified" badge (no rule to
    verify); only the feed and the e-mails, which leave the server, keep the neutral label."""
    due = datetime.date.today() + datetime.timedelta(days=3)
    services.deadline_custom_add(actor="test", case=case, title="Call Ms Canary", due=due)
    dashboard = as_alice.get(reverse("dashboard")).content.decode()
    calendar = as_alice.get(reverse("deadlines_calendar") + f"?month={due:%Y-%m}").content.decode()
    for page in (dashboard, calendar):
        assert "Call Ms Canary" in page and CUSTOM_LABEL not in page
    entry = calendar.split("Call Ms Canary", 1)[1].split("</li>", 1)[0]
    assert "unverified" not in entry


@pytest.mark.django_db
def test_a_computed_deadline_keeps_its_dates_only_its_note_changes(case: Case, as_alice: Client) -> None:
    deadline = factories.deadline_for(case)
    as_alice.post(url("deadlines_edit", case, pk=deadline.pk), {
        "note": "Client told", "due": "2030-01-01", "version": deadline.version})
    deadline.refresh_from_db()
    assert deadline.note == "Client told" and deadline.due == D(2026, 7, 1)


@pytest.mark.django_db
def test_the_pre_hearing_deadline_follows_the_hearing_date(case: Case, as_alice: Client) -> None:
    response = as_alice.post(url("case_edit", case), {
        "stage": "preparing", "forum": "us-eoir", "hearing_date": "2027-03-10", "country_of_return": "CM",
        "version": case.version},
        follow=True)
    first = case.deadlines.get(rule="prehearing_filing")
    assert first.trigger_date == D(2027, 3, 10) and first.due < D(2027, 3, 10)
    assert "Deadlines: Pre-hearing filings" in response.content.decode()

    case.refresh_from_db()
    page = as_alice.post(url("case_edit", case), {
        "stage": "preparing", "forum": "us-eoir", "hearing_date": "2027-04-14", "country_of_return": "CM",
        "version": case.version},
        follow=True).content.decode()
    moved = case.deadlines.get(rule="prehearing_filing")
    assert moved.pk == first.pk and moved.trigger_date == D(2027, 4, 14)
    assert (D(2027, 4, 14) - moved.due) == (D(2027, 3, 10) - first.due) or moved.due > first.due
    assert f"(was {first.due.strftime('%a')} {first.due.isoformat()})" in page
    assert any("2027-04-14" in line for line in moved.trace), "the working is computed again"
    assert "deadlines.deadline.moved" in actions(case)


@pytest.mark.django_db
def test_a_done_pre_hearing_deadline_is_left_alone(case: Case, alice: User) -> None:
    notes: list[str] = []
    case = case_update(actor=alice, case=case, expected_version=case.version,
                       changes={"hearing_date": D(2027, 3, 10)}, notes=notes)
    deadline = case.deadlines.get(rule="prehearing_filing")
    services.deadline_mark_done(actor=alice, deadline=deadline)
    case_update(actor=alice, case=case, expected_version=case.version, changes={"hearing_date": D(2027, 5, 5)})
    assert Deadline.objects.get(pk=deadline.pk).trigger_date == D(2027, 3, 10)


@pytest.mark.django_db
def test_viewers_and_outsiders_cannot_change_deadlines(case: Case, bob: User, charlie: User) -> None:
    deadline = factories.deadline_for(case)
    for name in ("deadlines_done", "deadlines_undo", "deadlines_edit", "deadlines_delete"):
        assert client_for(bob).post(url(name, case, pk=deadline.pk), {"note": "x", "version": 1}).status_code == 403
        assert client_for(charlie).post(url(name, case, pk=deadline.pk)).status_code == 404
    assert client_for(bob).post(url("deadlines_add", case), {"title": "x", "due": "2027-01-01"}).status_code == 403
    deadline.refresh_from_db()
    assert deadline.done_at is None and case.deadlines.count() == 1


@pytest.mark.django_db
def test_changing_the_forum_computes_the_deadlines_again_with_a_note(case: Case, as_alice: Client) -> None:
    factories.deadline_for(case)  # a BIA appeal: a step the Canadian rules do not have
    custom = services.deadline_custom_add(actor="test", case=case, title="Call the client", due=D(2026, 9, 1))
    page = as_alice.post(url("case_edit", case), {
        "stage": "preparing", "forum": "ca-irb", "hearing_date": "2027-03-10", "country_of_return": "CM",
        "version": case.version}, follow=True).content.decode()
    case.refresh_from_db()
    assert case.forum == "ca-irb"
    assert "The forum changed from" in page and "BIA appeal (Form EOIR-26): removed" in page
    rules = set(case.deadlines.values_list("rule", flat=True))
    assert "bia_appeal" not in rules and "custom" in rules, "the team's own deadline stays"
    assert case.deadlines.filter(trigger="rpd_hearing", trigger_date=D(2027, 3, 10)).exists(), (
        "the hearing's deadlines come from the new forum's rules")
    assert AuditEntry.objects.filter(action="deadlines.deadline.deleted", case_id=case.pk).exists()
    assert Deadline.objects.get(pk=custom.pk).title == "Call the client"
