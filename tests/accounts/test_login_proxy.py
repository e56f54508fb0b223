"""Login throttling behind a reverse proxy (issue 17): per client, not per proxy; per account always."""

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from tests.conftest import PASSWORD

PROXY = "10.0.0.5"


def _login(client: Client, email: str, *, peer: str, forwarded: str = "", password: str = PASSWORD) -> int:
    extra = {"REMOTE_ADDR": peer, **({"HTTP_X_FORWARDED_FOR": forwarded} if forwarded else {})}
    return client.post(reverse("login"), {"email": email, "password": password}, **extra).status_code


def _fail_five(email: str, *, peer: str, forwarded: str = "") -> None:
    for _ in range(5):
        _login(Client(), email, peer=peer, forwarded=forwarded, password="not the password")


@pytest.fixture(autouse=True)
def _limit(settings: object) -> None:
    settings.LOGIN_FAILURES_PER_MINUTE = 5  # type: ignore[attr-defined]


@pytest.mark.django_db
def test_behind_a_trusted_proxy_one_guesser_does_not_lock_out_everyone(alice: User, bob: User,
                                                                        settings: object) -> None:
    settings.TRUSTED_PROXIES = ["10.0.0.0/24"]  # type: ignore[attr-defined]
    _fail_five("nobody@example.org", peer=PROXY, forwarded="203.0.113.9")
    assert _login(Client(), "bob@example.org", peer=PROXY, forwarded="198.51.100.7") == 302
    assert _login(Client(), "bob@example.org", peer=PROXY, forwarded="203.0.113.9") == 429, \
        "the guesser's own address is throttled"


@pytest.mark.django_db
def test_the_per_account_limit_holds_across_addresses_behind_the_proxy(alice: User, settings: object) -> None:
    settings.TRUSTED_PROXIES = [PROXY]  # type: ignore[attr-defined]
    for n in range(5):
        _login(Client(), "alice@example.org", peer=PROXY, forwarded=f"203.0.113.{n}", password="wrong")
    assert _login(Client(), "alice@example.org", peer=PROXY, forwarded="198.51.100.7") == 429


@pytest.mark.django_db
def test_a_forged_header_from_a_client_is_not_believed(alice: User, bob: User, settings: object) -> None:
    settings.TRUSTED_PROXIES = [PROXY]  # type: ignore[attr-defined]
    # The client writes its own X-Forwarded-For; the proxy appends the address it saw.
    for n in range(5):
        _login(Client(), f"x{n}@example.org", peer=PROXY, forwarded=f"192.0.2.{n}, 203.0.113.9", password="wrong")
    assert _login(Client(), "bob@example.org", peer=PROXY, forwarded="192.0.2.77, 203.0.113.9") == 429
    # Straight to the application, not through the proxy: the header is ignored.
    _fail_five("y@example.org", peer="203.0.113.50", forwarded="192.0.2.1")
    assert _login(Client(), "bob@example.org", peer="203.0.113.50", forwarded="192.0.2.99") == 429


@pytest.mark.django_db
def test_without_a_configured_proxy_the_connecting_address_counts(alice: User, bob: User, settings: object) -> None:
    settings.TRUSTED_PROXIES = []  # type: ignore[attr-defined]
    _fail_five("nobody@example.org", peer="203.0.113.9", forwarded="192.0.2.1")
    assert _login(Client(), "bob@example.org", peer="203.0.113.9", forwarded="192.0.2.2") == 429
    assert _login(Client(), "bob@example.org", peer="198.51.100.7") == 302
