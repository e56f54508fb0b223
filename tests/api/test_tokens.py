"""Personal access tokens: hashed, shown once, scoped, expiring, revocable, rate-limited, audited."""

import datetime
import json

import pytest
import time_machine
from click.testing import CliRunner
from django.contrib.auth.models import User
from django.test import Client

from article3.accounts.models import Organisation
from article3.api.models import ApiToken
from article3.audit.models import AuditEntry
from tests.api.helpers import Api, token_for
from tests.conftest import client_for

CASES = "/api/v1/cases/"


@pytest.mark.django_db
def test_only_a_digest_is_kept_and_the_token_reads_as_its_person(alice: User, case: object) -> None:
    secret = token_for(alice, scope="read")
    stored = ApiToken.objects.get(user=alice)
    assert secret.startswith("a3p_") and len(secret) > 40
    assert secret not in (stored.digest, stored.prefix) and stored.prefix == secret[:10]
    response = Api(secret).get(CASES)
    assert response.status_code == 200
    assert [c["reference"] for c in response.json()["results"]] == ["A-2026-001"]
    stored.refresh_from_db()
    assert stored.last_used_at is not None
    used = AuditEntry.objects.filter(action="api.token.used", object_key=str(stored.pk))
    assert used.count() == 1 and used.get().actor == f"user:{alice.pk}"
    assert secret not in json.dumps(list(AuditEntry.objects.values("detail", "object_key")))


@pytest.mark.django_db
def test_no_token_a_wrong_one_or_one_in_the_url_is_refused(alice: User) -> None:
    secret = token_for(alice)
    assert Client().get(CASES).status_code == 401
    assert Client().get(CASES).headers["WWW-Authenticate"] == "Bearer"
    assert Api("a3p_not-a-real-token").get(CASES).status_code == 401
    assert Client().get(f"{CASES}?token={secret}").status_code == 401
    assert Client(HTTP_AUTHORIZATION=f"Token {secret}").get(CASES).json()["detail"] == (
        "Send the token as: Authorization: Bearer TOKEN.")


@pytest.mark.django_db
def test_expired_revoked_and_departed_tokens_stop_working(alice: User, bob: User) -> None:
    from article3.api.services import token_revoke

    with time_machine.travel(datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)):
        short = token_for(alice, days=1)
    assert Api(short).get(CASES).json()["detail"] == "This token is not valid: it is unknown, revoked or expired."
    revoked = token_for(alice)
    token_revoke(actor="test", token=ApiToken.objects.filter(user=alice).latest("pk"))
    assert Api(revoked).get(CASES).status_code == 401
    departed = token_for(bob)
    bob.is_active = False
    bob.save()
    assert Api(departed).get(CASES).status_code == 401


@pytest.mark.django_db
def test_a_token_is_rate_limited(alice: User, settings: object) -> None:
    settings.API_REQUESTS_PER_MINUTE = 2  # type: ignore[attr-defined]
    api = Api(token_for(alice))
    assert [api.get(CASES).status_code for _ in range(3)] == [200, 200, 429]
    assert Api(token_for(alice)).get(CASES).status_code == 200, "the limit is per token"


@pytest.mark.django_db
def test_the_scope_narrows_what_a_token_may_do(alice: User, org_a: Organisation) -> None:
    body = {"reference": "A-2026-002", "forum": "us-eoir", "country_of_return": "CM", "applicant_name": "A. N."}
    refused = Api(token_for(alice, scope="read")).post(CASES, body)
    assert refused.status_code == 403 and refused.json()["detail"] == "This token's scope does not allow this request."
    assert Api(token_for(alice, scope="write")).post(CASES, body).status_code == 201
    assert Api(token_for(alice, scope="write")).get("/api/v1/audit/").status_code == 403


@pytest.mark.django_db
def test_the_browser_session_needs_the_csrf_token_to_write(alice: User, org_a: Organisation) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)
    assert client.get(CASES).status_code == 200
    body = {"reference": "A-2026-003", "forum": "us-eoir", "country_of_return": "CM", "applicant_name": "A. N."}
    refused = client.post(CASES, body, content_type="application/json")
    assert refused.status_code == 403 and "CSRF" in refused.json()["detail"]


@pytest.mark.django_db
def test_the_account_page_makes_shows_once_and_revokes_a_token(alice: User, org_a: Organisation) -> None:
    client = client_for(alice)
    made = client.post("/accounts/tokens/", {"name": "LegalServer sync", "scope": "read", "days": "30"})
    secret = made.context["secret"]
    assert secret in made.content.decode() and "shown only this once" in made.content.decode()
    page = client.get("/accounts/tokens/").content.decode()
    assert "LegalServer sync" in page and secret not in page and secret[:10] in page
    token = ApiToken.objects.get(user=alice)
    assert Api(secret).get(CASES).status_code == 200
    assert client_for(None).post(f"/accounts/tokens/{token.pk}/revoke/").status_code == 302
    assert Api(secret).get(CASES).status_code == 200, "only its person revokes it"
    client.post(f"/accounts/tokens/{token.pk}/revoke/")
    assert Api(secret).get(CASES).status_code == 401
    assert AuditEntry.objects.filter(action="api.token.revoked").count() == 1


@pytest.mark.django_db
def test_the_account_form_names_a_bad_value(alice: User, org_a: Organisation) -> None:
    response = client_for(alice).post("/accounts/tokens/", {"name": "x", "scope": "read", "days": "900"})
    assert "Ensure this value is less than or equal to 366." in response.content.decode()
    assert not ApiToken.objects.exists()


@pytest.mark.django_db
def test_the_command_line_makes_a_token(alice: User, org_a: Organisation) -> None:
    from article3.cli import cli, main

    main_modules_loaded = main  # registers every command group, as `article3` does
    assert main_modules_loaded
    import article3.api.commands  # noqa: F401

    result = CliRunner().invoke(cli, ["token", "create", "--org", "clinic-a", "--email", "alice@example.org",
                                      "--scope", "read", "--expires", "30d", "--format", "json"])
    assert result.exit_code == 0, result.output
    secret = json.loads(result.output)["token"]
    assert Api(secret).get(CASES).status_code == 200
    bad = CliRunner().invoke(cli, ["token", "create", "--org", "clinic-a", "--email", "alice@example.org",
                                   "--scope", "read", "--expires", "soon"])
    assert bad.exit_code == 1 and "like 90d" in bad.output
