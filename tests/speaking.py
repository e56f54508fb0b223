"""A member of the organisation signed in with the lawyer interface in another language."""

from django.contrib.auth.models import User
from django.test import Client

from tests.conftest import client_for


def client_speaking(user: User, language: str, settings: object) -> Client:
    """Signed in as `user`, who chose `language` (French and Spanish offered, as issue #21 asks)."""
    settings.LAWYER_LANGUAGES = ("en", "fr", "es")  # type: ignore[attr-defined]
    client = client_for(user)
    assert client.post("/accounts/language/", {"language": language, "next": "/"}).status_code == 302
    return client
