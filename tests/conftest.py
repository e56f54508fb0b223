"""Personas, as in every test here:

- alice: attorney who owns the case (on its team);
- bob: teammate with a narrower role (viewer);
- dave: member of the same organisation, not on the case team;
- charlie: admin of another organisation;
- anonymous: nobody signed in.
"""

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import translation

from article3.accounts.models import Organisation, Role
from article3.accounts.services import organisation_create, user_create
from article3.cases.models import Case
from article3.cases.services import case_create, team_member_add

PASSWORD = "correct horse battery staple"


@pytest.fixture(autouse=True)
def _fast_hashing(settings: object) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # type: ignore[attr-defined]


@pytest.fixture(autouse=True)
def _session_saved_on_every_request(settings: object) -> None:
    """As Django's SESSION_SAVE_EVERY_REQUEST: a test counting queries must not see a write only in a
    request that opens a new minute (tests/security/test_sessions.py checks the once-a-minute saving)."""
    settings.SESSION_RENEW_SECONDS = 0  # type: ignore[attr-defined]


@pytest.fixture(autouse=True)
def _english_afterwards() -> Iterator[None]:
    """A request leaves its language active in the thread: the next test starts in English again."""
    yield
    translation.deactivate()


@pytest.fixture
def data_dir() -> Path:
    return Path(os.environ["ARTICLE3_DATA"])


@pytest.fixture
def org_a(db: None) -> Organisation:
    return organisation_create(actor="test", slug="clinic-a", name="Clinic A")


@pytest.fixture
def org_b(db: None) -> Organisation:
    return organisation_create(actor="test", slug="clinic-b", name="Clinic B")


def make_user(org: Organisation, email: str, role: str) -> User:
    return user_create(actor="test", organisation=org, email=email, role=role, password=PASSWORD)  # type: ignore[return-value]


@pytest.fixture
def alice(org_a: Organisation) -> User:
    return make_user(org_a, "alice@example.org", Role.ATTORNEY)


@pytest.fixture
def bob(org_a: Organisation) -> User:
    return make_user(org_a, "bob@example.org", Role.VIEWER)


@pytest.fixture
def dave(org_a: Organisation) -> User:
    return make_user(org_a, "dave@example.org", Role.ATTORNEY)


@pytest.fixture
def charlie(org_b: Organisation) -> User:
    return make_user(org_b, "charlie@example.org", Role.ADMIN)


@pytest.fixture
def case(org_a: Organisation, alice: User, bob: User) -> Case:
    created = case_create(actor=alice, organisation=org_a, reference="A-2026-001", forum="us-eoir",
                          country_of_return="CM", applicant_name="Test Applicant", owner_id=alice.pk)
    team_member_add(actor=alice, case=created, user_id=bob.pk, role=Role.VIEWER)
    return created


@pytest.fixture
def demo_case(org_a: Organisation, alice: User, bob: User) -> Case:
    from article3.demo import demo_load

    loaded = demo_load(actor="test", organisation=org_a)
    assert loaded is not None
    team_member_add(actor="test", case=loaded, user_id=alice.pk, role=Role.ATTORNEY)
    team_member_add(actor="test", case=loaded, user_id=bob.pk, role=Role.VIEWER)
    return loaded


@pytest.fixture
def deactivated(case: Case, org_a: Organisation) -> User:
    """An attorney on the case whose account has been switched off."""
    from article3.accounts.models import Role
    from article3.cases.services import team_member_add

    user = make_user(org_a, "gone@example.org", Role.ATTORNEY)
    team_member_add(actor="test", case=case, user_id=user.pk, role=Role.ATTORNEY)
    user.is_active = False
    user.save()
    return user


@pytest.fixture
def applicant(case: Case) -> User:
    """The case's applicant, signed up to the client portal of the case."""
    from article3.portal.services import client_invite

    access, _ = client_invite(actor="test", case=case, email="applicant@example.net", relationship="applicant",
                              language="ar")
    access.user.set_password(PASSWORD)
    access.user.save()
    return access.user  # type: ignore[no-any-return]


def client_for(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


class _SpeakingClient(Client):
    """A test client that leaves no language active after its requests: the middleware activates the
    reader's language for the thread, and the test's own code after a request expects English."""

    def request(self, **request: Any) -> Any:
        try:
            return super().request(**request)
        finally:
            translation.deactivate()


def client_speaking(user: User, language: str) -> Client:
    """Signed in as `user`, having chosen `language` with the switcher (kept on the account)."""
    client = _SpeakingClient()
    client.force_login(user)
    response = client.post("/accounts/language/", {"language": language, "next": "/"})
    assert response.status_code == 302 and response["Location"] == "/", "the language was refused"
    return client


@pytest.fixture
def as_alice(alice: User) -> Iterator[Client]:
    yield client_for(alice)


# The files that take longest (as `--durations` showed them), longest first. They are handed out
# first, so that none of them starts last and keeps one worker busy after the others have finished
# (pytest-xdist gives a file to a worker in the order the files were collected). A scheduling hint only.
LONG_FILES = (
    "tests/api/test_schemathesis.py", "tests/test_cli.py",
    "tests/security/test_backup_restore.py", "tests/evidence/test_corpus.py", "tests/security/test_canary_crawl.py",
    "tests/coi/test_commands.py", "tests/security/test_storage_leak.py", "tests/test_cli_language.py",
    "tests/test_worker_survival.py", "tests/docs/test_template_sandbox.py", "tests/deadlines/test_commands.py",
    "tests/interchange/test_packages.py", "tests/security/test_deploy.py", "tests/evidence/test_commands.py",
    "tests/security/test_crash.py", "tests/test_load_benchmark.py", "tests/test_permissions.py",
    "tests/api/test_matrix.py", "tests/audit/test_keyed_chain.py",
)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """The long files first (LONG_FILES). With ARTICLE3_TEST_SCOPE=database (CI's second run, on
    PostgreSQL), keep only the tests that touch the database: the others do not depend on it and
    already ran on SQLite. The Chromium tests are left out too: they add the page's scripts to views
    whose database work the client tests already run on PostgreSQL."""
    rank = {name: n for n, name in enumerate(LONG_FILES)}
    items.sort(key=lambda item: rank.get(item.nodeid.partition("::")[0], len(rank)))
    if os.environ.get("ARTICLE3_TEST_SCOPE") != "database":
        return
    database = {"db", "transactional_db", "django_db_setup", "live_server"}
    keep, drop = [], []
    for item in items:
        fixtures = set(getattr(item, "fixturenames", ()))
        uses_db = item.get_closest_marker("django_db") or database & fixtures
        (keep if uses_db and "browser" not in fixtures else drop).append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep
