"""Members of the organisation signed in with the lawyer interface in another language.

A test module names it in `pytest_plugins = ["tests.speaking"]`. A page request
leaves its language active in the test process, so the fixture puts English back afterwards:
the next test, reading findings outside a request, reads them in English."""

from collections.abc import Callable, Iterator

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import translation

from tests.conftest import client_for

Speaking = Callable[[User, str], Client]


@pytest.fixture
def speaking(settings: object) -> Iterator[Speaking]:
    """Sign in as a user who chose a language (French and Spanish offered, as issue #21 asks)."""
    settings.LAWYER_LANGUAGES = ("en", "fr", "es")  # type: ignore[attr-defined]

    def signed_in(user: User, language: str) -> Client:
        client = client_for(user)
        assert client.post("/accounts/language/", {"language": language, "next": "/"}).status_code == 302
        return client

    yield signed_in
    translation.activate(settings.LANGUAGE_CODE)  # type: ignore[attr-defined]
