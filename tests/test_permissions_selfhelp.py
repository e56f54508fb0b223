"""The self-help interview in the URL × persona matrix (tests/test_permissions.py lists its pages):
404 everywhere while self-help is off; once on, its pages for a visitor without an account, and 404
to anyone signed in (lawyer or client)."""

from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from article3.cases.models import Case
from tests.conftest import client_for
from tests.test_permissions import ROUTES, SELF_HELP


@pytest.mark.django_db
def test_self_help_routes(case: Case, alice: User, charlie: User, applicant: User, settings: Any) -> None:
    urls = {name: reverse(name, kwargs=kwargs(case) if kwargs else None)
            for name, (access, kwargs) in ROUTES.items() if access == SELF_HELP}
    for url in urls.values():
        assert client_for(None).get(url).status_code == 404, "self-help is off"
        assert client_for(None).post(url).status_code == 404, "self-help is off"
    settings.ARTICLE3_SELF_HELP_ORG = case.organisation.slug
    visitor = Client()
    assert visitor.post(reverse("selfhelp_start"), {"language": "es"}).status_code == 200
    for name, url in urls.items():
        for person in (alice, charlie, applicant):
            assert client_for(person).get(url).status_code == 404, f"{person.email} is signed in"
        expected = 405 if name in ("selfhelp_stop", "selfhelp_clear") else 200
        assert visitor.get(url).status_code == expected, name
        if name not in ("selfhelp_start", "selfhelp_resume", "selfhelp_glossary", "selfhelp_deadlines",
                        "selfhelp_stop", "selfhelp_clear"):
            assert client_for(None).get(url).status_code == 302, "no interview: back to the start"
