"""The month calendar across the user's cases."""

import datetime
import re

import pytest
import time_machine
from django.contrib.auth.models import User
from django.contrib.staticfiles import finders
from django.urls import reverse

from article3.audit.models import AuditEntry
from article3.cases.models import Case
from article3.deadlines.calendars import month_grid, parse_month
from tests.conftest import client_for
from tests.deadlines import factories

D = datetime.date
JULY_10 = datetime.datetime(2026, 7, 10, 12, tzinfo=datetime.UTC)


def _cell(page: str, day: int) -> str:
    """The calendar cell of `day` in the month shown (cells of other months are class `out`)."""
    cells = re.findall(r'<td class="( ?today)?"><span class="daynum">(\d+)</span>(.*?)</td>', page, re.S)
    return str(next(body for _, number, body in cells if int(number) == day))


@pytest.mark.django_db
def test_the_month_shows_each_deadline_on_its_day_and_overdue_in_red(alice: User, case: Case) -> None:
    factories.deadline_for(case, date=D(2026, 6, 1))  # due Wed 1 July
    factories.deadline_for(case, date=D(2026, 7, 1))  # due Fri 31 July
    with time_machine.travel(JULY_10, tick=False):
        response = client_for(alice).get(reverse("deadlines_calendar"), {"month": "2026-07"})
    page = response.content.decode()
    assert response.status_code == 200 and "Deadlines: July 2026" in page
    first, last = _cell(page, 1), _cell(page, 31)
    assert '<li class="overdue">' in first and "A-2026-001</a>: BIA appeal (Form EOIR-26)" in first
    assert "<summary>How</summary>" in first and "30 calendar days after → Wed 2026-07-01" in first
    assert '<li class="month">' in last
    assert '<h2 id="overdue-h" class="overdue">Overdue</h2>' in page
    assert 'class=" today"' in page  # 10 July is marked
    assert '?month=2026-06" rel="prev"' in page and '?month=2026-08" rel="next"' in page
    css = finders.find("deadlines/deadlines.css")
    assert css is not None
    with open(css) as file:
        rules = file.read()
    assert re.search(r"\.cal li\.overdue[^{]*\{ color: var\(--warn\)", rules)
    assert "@media print" in rules


@pytest.mark.django_db
def test_done_deadlines_are_struck_through_not_red(alice: User, case: Case) -> None:
    deadline = factories.deadline_for(case)
    client_for(alice).post(reverse("deadlines_done", kwargs={"case_id": case.public_id, "pk": deadline.pk}))
    with time_machine.travel(JULY_10, tick=False):
        page = client_for(alice).get(reverse("deadlines_calendar"), {"month": "2026-07"}).content.decode()
    assert '<li class="done">' in _cell(page, 1) and "Overdue</h2>" not in page


@pytest.mark.django_db
def test_other_peoples_cases_do_not_show(dave: User, charlie: User, case: Case) -> None:
    factories.deadline_for(case)
    for outsider in (dave, charlie):
        page = client_for(outsider).get(reverse("deadlines_calendar"), {"month": "2026-07"}).content.decode()
        assert "A-2026-001" not in page and "No deadlines on your cases in July 2026." in page


@pytest.mark.django_db
def test_a_bad_month_says_so_and_shows_this_month(alice: User) -> None:
    with time_machine.travel(JULY_10, tick=False):
        page = client_for(alice).get(reverse("deadlines_calendar"), {"month": "July"}).content.decode()
    assert "&#x27;July&#x27; is not a month: use YYYY-MM" in page and "Deadlines: July 2026" in page


@pytest.mark.django_db
def test_viewing_the_calendar_is_audited(alice: User) -> None:
    client_for(alice).get(reverse("deadlines_calendar"), {"month": "2027-02"})
    entry = AuditEntry.objects.get(action="deadlines.calendar.viewed")
    assert entry.object_key == "2027-02" and entry.actor == f"user:{alice.pk}"


def test_months_parse_and_grids_run_monday_to_sunday() -> None:
    today = D(2027, 2, 14)
    assert parse_month("2027-02", today=today) == D(2027, 2, 1)
    assert parse_month("", today=today) == D(2027, 2, 1)
    for bad in ("2027-2", "27-02", "2027-13", "x"):
        with pytest.raises(ValueError, match="not a month"):
            parse_month(bad, today=today)
    month = month_grid(first=D(2027, 2, 1), deadlines=[], today=today, overdue=[])
    assert [len(week) for week in month.weeks] == [7, 7, 7, 7]  # Feb 2027 starts on a Monday
    assert month.weeks[0][0].date == D(2027, 2, 1) and month.previous == "2027-01" and month.next == "2027-03"
    december = month_grid(first=D(2026, 12, 1), deadlines=[], today=today, overdue=[])
    assert december.next == "2027-01" and december.weeks[0][0].date == D(2026, 11, 30)
