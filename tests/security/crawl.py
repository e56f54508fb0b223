"""Every URL pattern of the resolver, filled in for one case with the permission matrix's kwargs.

The matrix (tests/test_permissions.py) fails when a pattern is missing from ROUTES, so a crawl
built from ROUTES covers every view, including downloads, exports and the status JSON.
"""

from dataclasses import dataclass

from django.http import HttpResponseBase
from django.test import Client
from django.urls import NoReverseMatch, reverse

from article3.cases.models import Case
from tests.test_permissions import CASE_ACCESS, CASE_EDIT, CASE_POST, CASE_READ, CASE_READ_POST, ROUTES, SIGNED_IN


@dataclass(frozen=True)
class Visit:
    name: str
    access: str
    method: str
    url: str

    @property
    def on_case(self) -> bool:
        return self.access in CASE_ACCESS


@dataclass(frozen=True)
class Seen:
    visit: Visit
    status: int
    body: bytes
    headers: str
    content_type: str

    @property
    def text(self) -> str:
        return self.headers + "\n" + self.body.decode(errors="replace")


def visits(case: Case, *, feed_token: str = "0" * 43, posts: bool = True) -> list[Visit]:
    """GET every route; POST every form route too (when `posts`). Signing out comes last."""
    found: list[Visit] = []
    for name, (access, kwargs) in sorted(ROUTES.items(), key=lambda item: item[0] == "logout"):
        url = _url(name, kwargs(case) if kwargs is not None else None, feed_token)
        if access not in (CASE_POST, CASE_READ_POST) and name != "logout":
            found.append(Visit(name, access, "GET", url))
        if posts and (access in (CASE_POST, CASE_EDIT, CASE_READ_POST) or name == "logout"):
            found.append(Visit(name, access, "POST", url))
    return found


def read_visits(case: Case) -> list[Visit]:
    """The reads of a case and of the signed-in pages (what an owner browses)."""
    return [v for v in visits(case, posts=False) if v.access in (CASE_READ, SIGNED_IN)]


def _url(name: str, kwargs: dict[str, object] | None, feed_token: str) -> str:
    try:
        return reverse(name, kwargs=kwargs)
    except NoReverseMatch:
        return reverse(name, kwargs={"token": feed_token})  # the calendar feed: its token is the credential


def fetch(client: Client, visit: Visit, data: dict[str, str] | None = None) -> Seen:
    method = client.post if visit.method == "POST" else client.get
    response: HttpResponseBase = method(visit.url, data or {})
    return seen(visit, response)


def seen(visit: Visit, response: HttpResponseBase) -> Seen:
    # Reading a streamed body to its end closes it (the test client does that without closing the
    # database connection, which closing it here again would do).
    streamed = response.streaming
    body = b"".join(response.streaming_content) if streamed else response.content  # type: ignore[attr-defined]
    headers = "\n".join(f"{k}: {v}" for k, v in response.items())
    cookies = "\n".join(str(c) for c in response.cookies.values())
    return Seen(visit, response.status_code, body, headers + "\n" + cookies, response.get("Content-Type", ""))
