"""Self-help cases belong to the hosting organisation, but its members see them only once handed over."""

import pytest
from django.test import Client

from article3.accounts.models import Organisation, Role
from article3.cases.selectors import case_list_for_user
from article3.selfhelp.models import Interview
from article3.selfhelp.services import interview_hand_over
from tests.api.helpers import api_for
from tests.conftest import client_for, make_user
from tests.selfhelp.conftest import start


@pytest.mark.django_db
def test_members_do_not_see_it_until_it_is_handed_over(host: Organisation) -> None:
    admin = make_user(host, "ada@example.org", Role.ADMIN)
    visitor = Client()
    start(visitor, "es")
    visitor.post("/help/q/name/", {"name": "Canary Selfhelp Name"})
    interview = Interview.objects.select_related("case").get()
    case = interview.case

    assert not case_list_for_user(user=admin).exists()
    assert not case_list_for_user(user=admin, shared=True).exists()
    dashboard = client_for(admin).get("/").content.decode()
    assert case.reference not in dashboard
    assert client_for(admin).get(f"/cases/{case.public_id}/").status_code == 404
    assert client_for(admin).get(f"/cases/{case.public_id}/intake/").status_code == 404
    assert api_for(admin).get("/api/v1/cases/").json()["count"] == 0
    assert api_for(admin).get(f"/api/v1/cases/{case.public_id}/").status_code == 404

    interview_hand_over(interview=interview)
    assert list(case_list_for_user(user=admin)) == [case]
    assert client_for(admin).get(f"/cases/{case.public_id}/").status_code == 200
    assert visitor.get("/help/review/").status_code == 302, "the code's holder no longer reaches it"


@pytest.mark.django_db
def test_handing_over_from_the_interview(host: Organisation) -> None:
    visitor = Client()
    code = start(visitor, "en")
    assert visitor.get("/help/hand-over/").status_code == 200
    assert visitor.post("/help/hand-over/", {"confirm": "yes"}).status_code == 200
    assert Interview.objects.get().handed_over_at is not None
    response = Client().post("/help/resume/", {"code": code})
    assert response.status_code == 200, "the code no longer opens the answers"
