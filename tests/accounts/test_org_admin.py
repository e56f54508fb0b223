"""Organisation admin pages: people, invitations, roles, deactivation, second factors."""

import json

import pytest
from click.testing import CliRunner
from django.contrib.auth.models import User
from django.core import mail
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from article3.accounts.commands import user_invite
from article3.accounts.models import Membership, Organisation, Role
from article3.audit.models import AuditEntry
from tests.conftest import PASSWORD, client_for, make_user


@pytest.fixture
def admin(org_a: Organisation) -> User:
    return make_user(org_a, "admin@example.org", Role.ADMIN)


def _signed_in(email: str) -> Client:
    client = Client()
    assert client.post(reverse("login"), {"email": email, "password": PASSWORD}).status_code == 302
    return client


@pytest.mark.django_db
def test_it_lists_people_with_role_last_sign_in_and_second_factor(admin: User, alice: User,
                                                                   charlie: User) -> None:
    TOTPDevice.objects.create(user=alice, name="app", confirmed=True)
    _signed_in("alice@example.org")
    make_user(alice.memberships.get().organisation, "new@example.org", Role.VIEWER)
    page = client_for(admin).get(reverse("org_users"))
    rows = {m.user.email: m for m in page.context["members"]}
    assert set(rows) == {"admin@example.org", "alice@example.org", "new@example.org"}, "only this organisation"
    assert page.context["enrolled"] == {alice.pk}
    text = page.content.decode()
    new_row = text.split('data-email="new@example.org"')[1].split("</tr>")[0]
    alice_row = text.split('data-email="alice@example.org"')[1].split("</tr>")[0]
    assert "never" in new_row and "none" in new_row
    assert "never" not in alice_row and "set up" in alice_row


@pytest.mark.django_db(transaction=True)
def test_it_invites_with_a_one_time_link_by_email(admin: User, org_a: Organisation) -> None:
    page = client_for(admin).post(reverse("org_users"), {"email": "Pat@example.org", "role": "paralegal"})
    link = page.context["link"]
    assert link and link.encode() in page.content
    invited = User.objects.get(username="pat@example.org")
    assert not invited.has_usable_password()
    assert Membership.objects.get(user=invited).role == Role.PARALEGAL
    (message,) = mail.outbox
    assert message.to == ["pat@example.org"] and link in message.body
    assert AuditEntry.objects.filter(action="accounts.user.invited", organisation_id=org_a.pk).exists()
    again = client_for(admin).post(reverse("org_users"), {"email": "pat@example.org", "role": "viewer"})
    assert b"already exists" in again.content


@pytest.mark.django_db
def test_it_changes_a_role_but_keeps_one_admin(admin: User, alice: User) -> None:
    client = client_for(admin)
    client.post(reverse("org_user_role", kwargs={"user_id": alice.pk}), {"role": "paralegal"})
    assert Membership.objects.get(user=alice).role == Role.PARALEGAL
    client.post(reverse("org_user_role", kwargs={"user_id": admin.pk}), {"role": "viewer"})
    assert Membership.objects.get(user=admin).role == Role.ADMIN


@pytest.mark.django_db
def test_deactivation_ends_sessions_at_once_and_reactivation_restores(admin: User, alice: User) -> None:
    alices = _signed_in("alice@example.org")
    client_for(admin).post(reverse("org_user_active", kwargs={"user_id": alice.pk}), {"active": "0"})
    alice.refresh_from_db()
    assert not alice.is_active
    assert alices.get(reverse("dashboard")).status_code == 302
    assert Client().post(reverse("login"), {"email": "alice@example.org", "password": PASSWORD}).status_code == 200
    client_for(admin).post(reverse("org_user_active", kwargs={"user_id": alice.pk}), {"active": "1"})
    _signed_in("alice@example.org")
    client_for(admin).post(reverse("org_user_active", kwargs={"user_id": admin.pk}), {"active": "0"})
    admin.refresh_from_db()
    assert admin.is_active, "an admin does not lock themself out"


@pytest.mark.django_db
def test_reset_second_factor_makes_the_user_enrol_again(admin: User, alice: User) -> None:
    TOTPDevice.objects.create(user=alice, name="app", confirmed=True)
    before = _signed_in("alice@example.org")
    client_for(admin).post(reverse("org_user_reset_2fa", kwargs={"user_id": alice.pk}))
    assert not TOTPDevice.objects.filter(user=alice).exists()
    assert AuditEntry.objects.filter(action="accounts.second_factor.reset", actor=f"user:{admin.pk}").exists()
    assert before.get(reverse("dashboard")).status_code == 302, "signed out at once"
    after = _signed_in("alice@example.org")  # the organisation does not require it; she enrols again anyway
    assert after.get(reverse("dashboard"))["Location"] == reverse("two_factor")
    assert b"Set up your second factor" in after.get(reverse("two_factor")).content


@pytest.mark.django_db
def test_requiring_a_second_factor_sends_people_to_enrolment(admin: User, alice: User, case: object) -> None:
    client_for(admin).post(reverse("org_second_factor"), {"required": "1"})
    client = _signed_in("alice@example.org")
    response = client.get(reverse("case_detail", kwargs={"case_id": case.public_id}))  # type: ignore[attr-defined]
    assert response.status_code == 302 and response["Location"] == reverse("two_factor")


@pytest.mark.django_db
def test_a_new_password_link_for_a_member_only(admin: User, alice: User, charlie: User) -> None:
    response = client_for(admin).post(reverse("org_user_link", kwargs={"user_id": alice.pk}), follow=True)
    assert b"/accounts/set-password/" in response.content
    assert client_for(admin).post(reverse("org_user_link", kwargs={"user_id": charlie.pk})).status_code == 404


@pytest.mark.django_db
def test_the_command_prints_the_invitation_link(org_a: Organisation) -> None:
    result = CliRunner().invoke(user_invite, ["--org", "clinic-a", "--email", "ivan@example.org", "--role",
                                              "interpreter", "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert "/accounts/set-password/" in data["link"] and data["role"] == "interpreter"
