import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from article3.audit.models import AuditEntry
from tests.conftest import PASSWORD


def _login(client: Client, email: str, password: str = PASSWORD) -> int:
    return client.post(reverse("login"), {"email": email, "password": password}).status_code


@pytest.mark.django_db
def test_login_rotates_the_session_and_logout_kills_it(alice: User) -> None:
    client = Client()
    session = client.session
    session["probe"] = 1
    session.save()
    before = session.session_key
    assert _login(client, "alice@example.org") == 302
    cookie = client.cookies["sessionid"].value
    assert cookie != before
    assert client.get(reverse("dashboard")).status_code == 200
    client.post(reverse("logout"))
    stale = Client()
    stale.cookies["sessionid"] = cookie
    assert stale.get(reverse("dashboard")).status_code == 302


@pytest.mark.django_db
def test_wrong_password_is_refused_and_logged_without_the_password(alice: User) -> None:
    client = Client()
    assert _login(client, "alice@example.org", "Tr0ub4dor&3-secret") == 200
    failures = AuditEntry.objects.filter(action="accounts.login.failed")
    assert failures.count() == 1
    assert "Tr0ub4dor" not in str(failures.get().__dict__) and "alice" not in str(failures.get().__dict__)


@pytest.mark.django_db
def test_a_form_error_shows_once(alice: User) -> None:
    """Regression: templates rendered non-field errors twice (`non_field_errors` and again in `as_div`)."""
    page = Client().post(reverse("login"), {"email": "alice@example.org", "password": "wrong"}).content.decode()
    assert page.count("That email and password do not match an account.") == 1


@pytest.mark.django_db
def test_repeated_failures_are_throttled_even_with_the_right_password(alice: User, settings: object) -> None:
    client = Client()
    for _ in range(settings.LOGIN_FAILURES_PER_MINUTE):  # type: ignore[attr-defined]
        _login(client, "alice@example.org", "wrong password here")
    assert _login(client, "alice@example.org") == 429
    assert AuditEntry.objects.filter(action="accounts.login.throttled").exists()


@pytest.mark.django_db
def test_second_factor_is_required_when_the_organisation_says_so(alice: User, org_a: object) -> None:
    org_a.require_second_factor = True  # type: ignore[attr-defined]
    org_a.save()  # type: ignore[attr-defined]
    client = Client()
    assert _login(client, "alice@example.org") == 302
    response = client.get(reverse("dashboard"))
    assert response.status_code == 302 and response["Location"] == reverse("two_factor")
    page = client.get(reverse("two_factor"))
    assert b"Set up your second factor" in page.content
    assert b"Code from your authenticator app" in page.content and b"Token:" not in page.content
    device = TOTPDevice.objects.get(user=alice)
    wrong = client.post(reverse("two_factor"), {"token": "000000"})
    assert wrong.status_code == 200 and b"not right" in wrong.content
    device.refresh_from_db()
    device.throttle_reset()  # django-otp makes the next try wait after a failure
    code = f"{totp(device.bin_key):06d}"
    assert client.post(reverse("two_factor"), {"token": code}).status_code == 302
    assert client.get(reverse("dashboard")).status_code == 200


@pytest.mark.django_db
def test_authenticated_pages_carry_security_headers(alice: User) -> None:
    client = Client()
    client.force_login(alice)
    response = client.get(reverse("dashboard"))
    assert response["Cache-Control"] == "no-store"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert response["Referrer-Policy"] == "same-origin"
