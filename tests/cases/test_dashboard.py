"""The dashboard: each case in words, its next deadline and high findings, search, sort and filters."""

import datetime
import re

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from article3.accounts.models import Organisation, Role
from article3.cases.models import Case, CaseCheck
from article3.cases.services import case_create, team_member_add
from tests.conftest import client_for, make_user
from tests.deadlines.factories import deadline_for

pytestmark = pytest.mark.django_db


def open_case(org: Organisation, owner: User, reference: str, name: str, *, country: str = "CM",
              forum: str = "us-eoir", stage: str = "intake") -> Case:
    case = case_create(actor=owner, organisation=org, reference=reference, forum=forum, country_of_return=country,
                       applicant_name=name, owner_id=owner.pk)
    Case.objects.filter(pk=case.pk).update(stage=stage)
    return case


def references(client: Client, query: str = "") -> list[str]:
    html = client.get(reverse("dashboard") + query).content.decode()
    return re.findall(r'<tr data-reference="([^"]+)">', html)


def test_each_case_shows_its_client_forum_and_country_in_words(case: Case, as_alice: Client) -> None:
    html = as_alice.get(reverse("dashboard")).content.decode()
    row = html[html.index('<tr data-reference="A-2026-001">'):]
    row = row[: row.index("</tr>")]
    assert "Test Applicant" in row and "Cameroon" in row and "United States" in row
    assert "us-eoir" not in row and ">CM<" not in row
    assert "not checked yet" in row


def test_the_next_deadline_and_the_high_findings_count(case: Case, as_alice: Client) -> None:
    deadline = deadline_for(case, date=datetime.date(2030, 1, 7))
    as_alice.get(reverse("case_gaps", kwargs={"case_id": case.public_id}))  # the checks run, the count is kept
    html = as_alice.get(reverse("dashboard")).content.decode()
    row = html[html.index('<tr data-reference="A-2026-001">'):]
    row = row[: row.index("</tr>")]
    assert f"{deadline.due:%-d %B %Y}" in row
    high = CaseCheck.objects.get(case=case).high_findings
    assert high > 0 and f">{high}</a>" in row


def test_search_stage_filter_and_closed_cases(org_a: Organisation, alice: User, as_alice: Client) -> None:
    open_case(org_a, alice, "A-1", "Joseph Tabe", stage="preparing")
    open_case(org_a, alice, "A-2", "Marie Ngo", country="ER", stage="hearing")
    open_case(org_a, alice, "A-3", "Paul Closed", stage="closed")
    assert references(as_alice) == ["A-1", "A-2"], "closed cases are hidden by default"
    assert references(as_alice, "?closed=1") == ["A-1", "A-2", "A-3"]
    assert references(as_alice, "?q=tabe") == ["A-1"], "the client's name, though encrypted, is searched"
    assert references(as_alice, "?q=eritrea") == ["A-2"], "the country in words"
    assert references(as_alice, "?stage=hearing") == ["A-2"]
    assert references(as_alice, "?stage=closed") == ["A-3"]
    assert "No case matches “nobody”" in as_alice.get(reverse("dashboard") + "?q=nobody").content.decode()


def test_sorting(org_a: Organisation, alice: User, as_alice: Client) -> None:
    first = open_case(org_a, alice, "B-1", "Zed Last")
    second = open_case(org_a, alice, "B-2", "Abe First")
    deadline_for(second, date=datetime.date(2030, 1, 7))
    deadline_for(first, date=datetime.date(2031, 1, 7))
    CaseCheck.objects.create(case=first, high_findings=5, checked_at=datetime.datetime.now(datetime.UTC))
    CaseCheck.objects.create(case=second, high_findings=1, checked_at=datetime.datetime.now(datetime.UTC))
    assert references(as_alice) == ["B-2", "B-1"], "the nearest deadline first"
    assert references(as_alice, "?sort=client") == ["B-2", "B-1"]
    assert references(as_alice, "?sort=reference") == ["B-1", "B-2"]
    assert references(as_alice, "?sort=high") == ["B-1", "B-2"]
    assert references(as_alice, "?sort=nonsense") == ["B-2", "B-1"], "an unknown sort falls back to deadlines"


def test_the_number_of_queries_does_not_grow_with_the_cases(org_a: Organisation, alice: User,
                                                            as_alice: Client) -> None:
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert as_alice.get(reverse("dashboard")).status_code == 200
        return len(captured)

    case = open_case(org_a, alice, "C-1", "One")
    deadline_for(case, date=datetime.date(2030, 1, 7))
    few = queries()
    for n in range(2, 7):
        more = open_case(org_a, alice, f"C-{n}", f"Client {n}")
        deadline_for(more, date=datetime.date(2030, 1, 7))
        CaseCheck.objects.create(case=more, high_findings=n, checked_at=datetime.datetime.now(datetime.UTC))
    assert queries() == few


def test_interpreters_do_not_see_the_case_analysis(case: Case, org_a: Organisation) -> None:
    CaseCheck.objects.create(case=case, high_findings=7, checked_at=datetime.datetime.now(datetime.UTC))
    ivan = make_user(org_a, "ivan@example.org", Role.INTERPRETER)
    team_member_add(actor="test", case=case, user_id=ivan.pk, role=Role.INTERPRETER)
    html = client_for(ivan).get(reverse("dashboard")).content.decode()
    row = html[html.index('<tr data-reference="A-2026-001">'):]
    row = row[: row.index("</tr>")]
    assert ">7</a>" not in row and "Test Applicant" not in row and "shared with you" in row


def test_new_case_shows_only_for_roles_that_may_create_cases(case: Case, as_alice: Client, bob: User) -> None:
    new_case = f'href="{reverse("case_create")}"'
    assert new_case in as_alice.get(reverse("dashboard")).content.decode()
    for page in (reverse("dashboard"), reverse("case_detail", kwargs={"case_id": case.public_id})):
        assert new_case not in client_for(bob).get(page).content.decode(), "a viewer cannot open cases"
    assert client_for(bob).get(reverse("case_create")).status_code == 403
