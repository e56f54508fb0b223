"""Tokens and clients for the API tests."""

from typing import Any

from django.contrib.auth.models import User
from django.test import Client

from article3.accounts.models import Organisation


def token_for(user: User, organisation: Organisation | None = None, scope: str = "write", days: int | None = 90) -> str:
    from article3.accounts.selectors import organisation_for_user
    from article3.api.services import token_create

    org = organisation or organisation_for_user(user=user)
    assert org is not None
    return token_create(actor="test", user=user, organisation=org, name="test", scope=scope, days=days)[1]


class Api:
    """A client that sends one token with every request, as an integration would."""

    def __init__(self, token: str) -> None:
        self.client = Client(HTTP_AUTHORIZATION=f"Bearer {token}")

    def get(self, url: str, **kwargs: Any) -> Any:
        return _read(self.client.get(url, **kwargs))

    def post(self, url: str, data: Any = None) -> Any:
        return self.client.post(url, data, content_type="application/json")

    def patch(self, url: str, data: Any = None) -> Any:
        return self.client.patch(url, data, content_type="application/json")

    def delete(self, url: str) -> Any:
        return self.client.delete(url)

    def upload(self, url: str, data: dict[str, Any]) -> Any:
        return self.client.post(url, data)


def _read(response: Any) -> Any:
    """A streamed file read to its end, as a server does (the test client then closes it), its bytes kept."""
    if getattr(response, "streaming", False):
        data = b"".join(response.streaming_content)
        response.streaming_content = [data]
    return response


def api_for(user: User, scope: str = "write", organisation: Organisation | None = None) -> Api:
    return Api(token_for(user, organisation, scope))
