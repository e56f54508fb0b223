"""B2: sessions and the second factor (rotation at login and death at logout: tests/accounts/test_login.py)."""

import datetime
import io
import re
from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from article3.cases.models import Case
from tests.conftest import PASSWORD
from tests.security.crawl import fetch, visits
from tests.test_permissions import PUBLIC, all_names

START = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)
README = Path(__file__).resolve().parents[2] / "README.md"


def _signed_in(alice: User) -> Client:
    client = Client()
    response = client.post(reverse("login"), {"email": alice.username, "password": PASSWORD})
    assert response.status_code == 302
    return client


def _dashboard(client: Client) -> int:
    return client.get(reverse("dashboard")).status_code


def test_timeouts_are_the_documented_ones() -> None:
    documented = re.search(r"SESSION_ABSOLUTE_SECONDS` \| (\d+) / (\d+) \|", README.read_text())
    assert documented is not None
    idle, absolute = int(documented.group(1)), int(documented.group(2))
    assert idle == settings.SESSION_COOKIE_AGE and absolute == settings.SESSION_ABSOLUTE_SECONDS


@pytest.mark.django_db
def test_an_idle_session_ends_after_the_idle_timeout(alice: User) -> None:
    idle = settings.SESSION_COOKIE_AGE
    with time_machine.travel(START, tick=False) as clock:
        client = _signed_in(alice)
        for _ in range(3):  # each request within the limit keeps the session alive
            clock.shift(idle - 60)
            assert _dashboard(client) == 200
        clock.shift(idle + 1)
        response = client.get(reverse("dashboard"))
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


@pytest.mark.django_db
def test_reading_pages_writes_the_session_at_most_once_a_minute(alice: User, settings: object) -> None:
    from django.contrib.sessions.models import Session

    settings.SESSION_RENEW_SECONDS = 60  # type: ignore[attr-defined]

    def expiry() -> datetime.datetime:
        return Session.objects.get(pk=client.session.session_key).expire_date

    idle = datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE)
    with time_machine.travel(START, tick=False) as clock:
        client = _signed_in(alice)
        clock.shift(20)
        assert _dashboard(client) == 200 and expiry() == START + datetime.timedelta(seconds=20) + idle
        clock.shift(20)
        assert _dashboard(client) == 200 and expiry() == START + datetime.timedelta(seconds=20) + idle, \
            "a page read in the same minute does not write the session"
        clock.shift(40)
        assert _dashboard(client) == 200 and expiry() == START + datetime.timedelta(seconds=80) + idle


@pytest.mark.django_db
def test_an_active_session_ends_at_the_absolute_limit(alice: User) -> None:
    idle, absolute = settings.SESSION_COOKIE_AGE, settings.SESSION_ABSOLUTE_SECONDS
    with time_machine.travel(START, tick=False) as clock:
        client = _signed_in(alice)
        elapsed = 0
        while elapsed + idle - 60 <= absolute:
            clock.shift(idle - 60)
            elapsed += idle - 60
            assert _dashboard(client) == 200, f"still within the limit after {elapsed} s"
        clock.shift(absolute - elapsed + 1)
        response = client.get(reverse("dashboard"))
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
        assert _dashboard(client) == 302, "the session is gone, not merely refused once"


@pytest.mark.django_db
def test_password_routes_do_not_bypass_the_second_factor(alice: User, org_a: object) -> None:
    """The routes that set a password (my account; a one-time link from an admin) never pass the second
    factor: whoever follows a link for someone with one still stops at the second-factor step, and there
    is no self-service "forgot password" route that mails a link to whoever asks."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from article3.accounts.services import set_password_link

    names = {n for n in all_names() if "password" in n or "reset" in n}
    assert names == {"account_password", "set_password", "org_user_reset_2fa"}, "a new route: check it here"
    TOTPDevice.objects.create(user=alice, name="app", confirmed=True)
    path = "/" + set_password_link(user=alice).split("//", 1)[1].split("/", 1)[1]
    client = Client()
    chosen = "a long new passphrase 99"
    response = client.post(path, {"new_password1": chosen, "new_password2": chosen})
    assert response.status_code == 302 and response["Location"] == reverse("two_factor")
    assert client.get(reverse("dashboard"))["Location"] == reverse("two_factor"), "still waiting for the code"
    assert client.get(reverse("account_password"))["Location"] == reverse("two_factor")


@pytest.mark.django_db
def test_no_route_is_reachable_without_the_second_factor(alice: User, org_a: object, case: Case) -> None:
    from article3.cases.services import person_add
    from article3.evidence.services import document_add

    org_a.require_second_factor = True  # type: ignore[attr-defined]
    org_a.save()  # type: ignore[attr-defined]
    person_add(actor="test", case=case, role="family", name="Someone", relation="sister")
    document_add(actor="test", case=case, stream=io.BytesIO(b"A statement."), filename="s.txt",
                 kind="witness_statement", process=False)
    client = _signed_in(alice)
    reached = {}
    for visit in visits(case):
        if visit.access == PUBLIC:
            continue  # the login page, the second-factor page, signing out, the token-only calendar feed
        page = fetch(client, visit)
        if not (page.status == 302 and "/accounts/2fa/" in page.headers):
            reached[f"{visit.method} {visit.name}"] = page.status
    assert reached == {}
    assert _dashboard(client) == 302, "still waiting for the second factor after the crawl"
