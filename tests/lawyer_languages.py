"""A member of the organisation who reads the lawyer's pages in French or Spanish."""

from typing import Any

from django.contrib.auth.models import User
from django.http import HttpResponseBase
from django.test import Client
from django.utils import translation

LAWYER_LANGUAGES = ("en", "fr", "es")


class _SpeakingClient(Client):
    """A test client that leaves no language active after its requests: the middleware activates the
    member's language for the thread, and later tests on the same worker expect English."""

    def request(self, **request: Any) -> HttpResponseBase:
        try:
            return super().request(**request)  # type: ignore[no-any-return]
        finally:
            translation.deactivate()


def client_speaking(user: User, language: str, settings: object) -> Client:
    """Signed in as `user`, having chosen `language` with the switcher (kept on the account)."""
    settings.LAWYER_LANGUAGES = LAWYER_LANGUAGES  # type: ignore[attr-defined]
    client = _SpeakingClient()
    client.force_login(user)
    response = client.post("/accounts/language/", {"language": language, "next": "/"})
    assert response.status_code == 302 and response["Location"] == "/"
    return client
