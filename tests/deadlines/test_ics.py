"""The ICS feed: a secret, revocable address per user, reachable without signing in."""

import datetime
import hashlib
import re

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from icalendar import Calendar

from article3.audit.models import AuditEntry
from article3.cases.models import Case
from article3.deadlines.models import CalendarFeed
from article3.deadlines.services import calendar_feed_create, decision_record
from article3.rulepacks import load_pack
from tests.conftest import client_for

D = datetime.date


def _new_feed_url(user: User) -> str:
    page = client_for(user).post(reverse("deadlines_feeds"), {"action": "create"}).content.decode()
    found = re.search(r'value="(http://testserver/deadlines/ics/[A-Za-z0-9_-]+\.ics)"', page)
    assert found is not None, page
    return found.group(1)


def _fetch(url: str) -> Calendar:
    response = Client().get(url)
    assert response.status_code == 200 and response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Cache-Control"] == "no-store"
    return Calendar.from_ical(response.content)


@pytest.fixture
def decided(demo_case: Case) -> Case:
    decision_record(actor="test", case=demo_case, date=D(2026, 1, 15), trigger="bia_decision", outcome="denied",
                    final=True)
    return demo_case


@pytest.mark.django_db
def test_the_feed_lists_the_deadlines_by_case_reference_with_alarms(alice: User, decided: Case) -> None:
    calendar = _fetch(_new_feed_url(alice))
    events = {str(e["SUMMARY"]): e for e in calendar.walk("VEVENT")}
    assert set(events) == {"DEMO-2026-001: Motion to reconsider (BIA)", "DEMO-2026-001: Motion to reopen (BIA)",
                           "DEMO-2026-001: Petition for review (court of appeals)"}  # undated ones have no event
    petition = events["DEMO-2026-001: Petition for review (court of appeals)"]
    assert petition.decoded("DTSTART") == D(2026, 2, 17)
    description = str(petition["DESCRIPTION"])
    assert description.startswith("8 U.S.C. 1252(b)(1)\nVerified rule.\n")
    assert "Filing counts on receipt: due Tue 2026-02-17." in description
    checked = next(r for r in load_pack("us-eoir").deadlines if r.id == "petition_for_review").last_verified
    assert checked is not None and description.endswith(f"Rule last verified {checked.isoformat()}.")
    reconsider = str(events["DEMO-2026-001: Motion to reconsider (BIA)"]["DESCRIPTION"])
    assert "UNVERIFIED" in reconsider
    alarms = [a.decoded("TRIGGER") for a in petition.walk("VALARM")]
    assert alarms == [datetime.timedelta(days=-n) for n in (14, 7, 2, 1)]
    assert str(petition["UID"]) == f"deadline-{decided.deadlines.get(rule='petition_for_review').pk}@article3"


@pytest.mark.django_db
def test_the_feed_names_nobody(alice: User, decided: Case) -> None:
    body = Client().get(_new_feed_url(alice)).content.decode()
    names = [decided.applicant.name, *decided.people.values_list("name", flat=True)]
    assert names and all(name not in body and name.split()[-1] not in body for name in names)


@pytest.mark.django_db
def test_uids_are_stable_and_done_deadlines_leave_the_feed(alice: User, decided: Case) -> None:
    url = _new_feed_url(alice)
    first = sorted(str(e["UID"]) for e in _fetch(url).walk("VEVENT"))
    assert first == sorted(str(e["UID"]) for e in _fetch(url).walk("VEVENT"))
    petition = decided.deadlines.get(rule="petition_for_review")
    client_for(alice).post(reverse("deadlines_done", kwargs={"case_id": decided.public_id, "pk": petition.pk}))
    assert f"deadline-{petition.pk}@article3" not in {str(e["UID"]) for e in _fetch(url).walk("VEVENT")}


@pytest.mark.django_db
def test_the_token_is_stored_hashed_and_shown_once(alice: User) -> None:
    url = _new_feed_url(alice)
    token = url.rsplit("/", 1)[1].removesuffix(".ics")
    feed = CalendarFeed.objects.get(user=alice)
    assert len(token) >= 43 and feed.token_hash == hashlib.sha256(token.encode()).hexdigest()
    page = client_for(alice).get(reverse("deadlines_feeds")).content.decode()
    assert token not in page and "active" in page


@pytest.mark.django_db
def test_a_wrong_token_is_not_found(alice: User, decided: Case) -> None:
    url = _new_feed_url(alice)
    wrong = url.replace(".ics", "x.ics")
    assert Client().get(wrong).status_code == 404
    assert Client().get(reverse("deadlines_ics", kwargs={"token": "not-a-token"})).status_code == 404


@pytest.mark.django_db
def test_a_revoked_token_is_not_found(alice: User, decided: Case) -> None:
    url = _new_feed_url(alice)
    assert Client().get(url).status_code == 200
    feed = CalendarFeed.objects.get(user=alice)
    response = client_for(alice).post(reverse("deadlines_feeds"), {"action": "revoke", "feed": feed.pk}, follow=True)
    assert "Feed address revoked" in response.content.decode()
    assert Client().get(url).status_code == 404
    feed.refresh_from_db()
    assert feed.revoked_at is not None
    assert AuditEntry.objects.filter(action="deadlines.feed.revoked", object_key=str(feed.pk)).count() == 1


@pytest.mark.django_db
def test_a_deactivated_users_feed_is_not_found(alice: User, decided: Case) -> None:
    url = _new_feed_url(alice)
    alice.is_active = False
    alice.save()
    assert Client().get(url).status_code == 404


@pytest.mark.django_db
def test_nobody_revokes_anothers_feed(alice: User, dave: User) -> None:
    feed, token = calendar_feed_create(actor="test", user=alice)
    for data in ({"action": "revoke", "feed": feed.pk}, {"action": "revoke", "feed": "x"}):
        assert client_for(dave).post(reverse("deadlines_feeds"), data).status_code == 404
    feed.refresh_from_db()
    assert feed.active
    assert Client().get(reverse("deadlines_ics", kwargs={"token": token})).status_code == 200


@pytest.mark.django_db
def test_the_feed_shows_only_the_users_cases(dave: User, decided: Case) -> None:
    calendar = _fetch(_new_feed_url(dave))
    assert list(calendar.walk("VEVENT")) == []


@pytest.mark.django_db
def test_each_fetch_is_audited_and_noted(alice: User, decided: Case) -> None:
    url = _new_feed_url(alice)
    _fetch(url)
    feed = CalendarFeed.objects.get(user=alice)
    assert feed.last_used_at is not None
    entry = AuditEntry.objects.get(action="deadlines.feed.fetched")
    assert entry.actor == f"feed:{feed.pk}" and entry.detail == {"user": alice.pk, "events": 3}
    assert AuditEntry.objects.filter(action="deadlines.feed.created", object_key=str(feed.pk)).exists()
