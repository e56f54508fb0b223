"""A member of the organisation who reads the lawyer's pages in French or Spanish."""

from django.contrib.auth.models import User
from django.test import Client

from tests.conftest import client_for

LAWYER_LANGUAGES = ("en", "fr", "es")


def client_speaking(user: User, language: str, settings: object) -> Client:
    """Signed in as `user`, having chosen `language` with the switcher (kept on the account)."""
    settings.LAWYER_LANGUAGES = LAWYER_LANGUAGES  # type: ignore[attr-defined]
    client = client_for(user)
    response = client.post("/accounts/language/", {"language": language, "next": "/"})
    assert response.status_code == 302 and response["Location"] == "/"
    return client
