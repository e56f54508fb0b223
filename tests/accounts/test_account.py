"""My account: password, recovery codes, other sessions; the one-time set-password link; the CLI."""

from pathlib import Path

import pytest
from click.testing import CliRunner
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from article3.accounts.commands import user_set_password
from article3.accounts.services import set_password_link
from article3.audit.models import AuditEntry
from tests.conftest import PASSWORD

NEW_PASSWORD = "a fresh and long passphrase 2026"


def _signed_in(email: str, password: str = PASSWORD) -> Client:
    client = Client()
    assert client.post(reverse("login"), {"email": email, "password": password}).status_code == 302
    return client


def _enrol(client: Client, user: User) -> TOTPDevice:
    client.get(reverse("two_factor"))
    device = TOTPDevice.objects.get(user=user)
    response = client.post(reverse("two_factor"), {"token": f"{totp(device.bin_key):06d}"})
    assert response.status_code == 302 and response["Location"] == reverse("account_recovery_codes")
    return device


@pytest.mark.django_db
def test_it_changes_the_password_with_the_current_one_and_ends_other_sessions(alice: User) -> None:
    here, elsewhere = _signed_in("alice@example.org"), _signed_in("alice@example.org")
    wrong = here.post(reverse("account_password"), {"old_password": "not my password at all",
                                                    "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert wrong.status_code == 200 and b"incorrect" in wrong.content
    common = here.post(reverse("account_password"), {"old_password": PASSWORD, "new_password1": "password1234",
                                                     "new_password2": "password1234"})
    assert common.status_code == 200 and b"too common" in common.content
    done = here.post(reverse("account_password"), {"old_password": PASSWORD, "new_password1": NEW_PASSWORD,
                                                   "new_password2": NEW_PASSWORD})
    assert done.status_code == 302
    assert here.get(reverse("dashboard")).status_code == 200, "this session stays"
    assert elsewhere.get(reverse("dashboard")).status_code == 302, "the others end"
    alice.refresh_from_db()
    assert alice.check_password(NEW_PASSWORD)
    assert AuditEntry.objects.filter(action="accounts.password.changed", actor=f"user:{alice.pk}").exists()


@pytest.mark.django_db
def test_recovery_codes_are_ten_shown_once_and_single_use(alice: User) -> None:
    client = _signed_in("alice@example.org")
    _enrol(client, alice)
    page = client.post(reverse("account_recovery_codes"))
    codes = list(page.context["codes"])
    assert len(codes) == 10 and len(set(codes)) == 10
    assert codes[0].encode() in page.content
    assert codes[0].encode() not in client.get(reverse("account_recovery_codes")).content, "shown once"
    assert codes[0] not in str(list(AuditEntry.objects.values()))
    later = _signed_in("alice@example.org")
    assert later.get(reverse("dashboard"))["Location"] == reverse("two_factor")
    assert later.post(reverse("two_factor"), {"token": codes[0].upper()}).status_code == 302
    assert later.get(reverse("dashboard")).status_code == 200
    again = _signed_in("alice@example.org")
    assert b"not right" in again.post(reverse("two_factor"), {"token": codes[0]}).content, "single use"
    assert StaticToken.objects.filter(device__user=alice).count() == 9
    client.post(reverse("account_recovery_codes"))
    assert not StaticToken.objects.filter(token=codes[1]).exists(), "new codes end the old ones"


@pytest.mark.django_db
def test_recovery_codes_need_an_authenticator_first(alice: User) -> None:
    client = _signed_in("alice@example.org")
    page = client.post(reverse("account_recovery_codes"))
    assert b"set up the app first" in page.content and not StaticToken.objects.exists()


@pytest.mark.django_db
def test_sign_out_of_other_sessions(alice: User, bob: User) -> None:
    here, elsewhere = _signed_in("alice@example.org"), _signed_in("alice@example.org")
    bobs = _signed_in("bob@example.org")
    here.post(reverse("account_sessions_end"))
    assert here.get(reverse("account")).status_code == 200
    assert elsewhere.get(reverse("account")).status_code == 302
    assert bobs.get(reverse("account")).status_code == 200, "other people's sessions are theirs"


@pytest.mark.django_db
def test_the_set_password_link_works_once(alice: User) -> None:
    link = set_password_link(user=alice).split("//", 1)[1].split("/", 1)[1]
    client = Client()
    assert client.get(f"/{link}").status_code == 200
    response = client.post(f"/{link}", {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response.status_code == 302 and client.get(reverse("dashboard")).status_code == 200
    assert Client().get(f"/{link}").status_code == 410
    uid = link.split("/")[2]
    assert Client().get(f"/accounts/set-password/{uid}/wrong-token/").status_code == 410
    assert Client().get("/accounts/set-password/zzzz/wrong-token/").status_code == 404


@pytest.mark.django_db
def test_the_account_page_links_to_enrolment(alice: User) -> None:
    page = _signed_in("alice@example.org").get(reverse("account"))
    assert b"Set up an authenticator app" in page.content and b"My account" in page.content


@pytest.mark.django_db
def test_set_password_from_the_command_line(alice: User, tmp_path: Path) -> None:
    session = _signed_in("alice@example.org")
    secret = tmp_path / "pw"
    secret.write_text(NEW_PASSWORD + "\n")
    result = CliRunner().invoke(user_set_password, ["Alice@example.org", "--password-file", str(secret)])
    assert result.exit_code == 0, result.output
    alice.refresh_from_db()
    assert alice.check_password(NEW_PASSWORD) and session.get(reverse("dashboard")).status_code == 302
    secret.write_text("short")
    refused = CliRunner().invoke(user_set_password, ["alice@example.org", "--password-file", str(secret)])
    assert refused.exit_code == 1 and "too short" in refused.output
