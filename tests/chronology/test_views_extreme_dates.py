"""The chronology's from= and to= at the ends of the calendar (issue 17): an answer, never a 500."""

import pytest
from django.test import Client
from django.urls import reverse

from article3.cases.models import Case
from tests.chronology.factories import event_for

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("query", [
    {"from": "0001-01-01", "to": "0001-01-31"},
    {"from": "0001", "to": "0001"},
    {"from": "0001-01"},
    {"to": "0001-01-01"},
    {"from": "9999-12-01", "to": "9999-12-31"},
    {"from": "9999"},
    {"to": "9999-12-31"},
    {"from": "0001-01-01", "to": "9999-12-31"},
    {"from": "0000-01-01"},
    {"from": "10000-01-01"},
])
def test_extreme_ranges_answer(case: Case, as_alice: Client, query: dict[str, str]) -> None:
    event_for(case)
    url = reverse("case_chronology", kwargs={"case_id": case.public_id})
    response = as_alice.get(url, query)
    assert response.status_code == 200


@pytest.mark.parametrize("date", ["0001-01-01", "9999-12-31", "~0001", "~9999"])
def test_events_at_the_ends_of_the_calendar_draw(case: Case, as_alice: Client, date: str) -> None:
    event_for(case, key="e-edge", date=date)
    url = reverse("case_chronology", kwargs={"case_id": case.public_id})
    assert as_alice.get(url).status_code == 200
    assert as_alice.get(url, {"from": date.removeprefix("~")}).status_code == 200
