"""The instance operator reviews the catalogues in the browser (/translations/): nobody else reaches
them, only this project's catalogues are offered, every correction is audited and shown at once."""

import hashlib
import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from article3.accounts.commands import user_operator
from article3.accounts.models import LanguagePreference
from article3.audit.models import AuditEntry
from article3.cases.models import Case
from tests.conftest import PASSWORD, client_for
from tests.test_permissions import OPERATOR, ROUTES, sends_to_login

PORTAL_LOCALE = Path(__file__).resolve().parents[2] / "article3" / "portal" / "locale"
PHRASE, CORRECTED = "Write to your legal team", "Envoyer un message à votre équipe juridique"


@pytest.fixture
def operator(db: None) -> User:
    from article3.accounts.services import operator_set

    user = User.objects.create_user(username="ops@example.org", email="ops@example.org", password=PASSWORD)
    operator_set(actor="test", user=user, operator=True)
    TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)
    return user


def verified(user: User) -> Client:
    """Signed in with the password, then the code from the authenticator app."""
    client = Client()
    assert client.post(reverse("login"), {"email": user.email, "password": PASSWORD}).status_code == 302
    device = TOTPDevice.objects.get(user=user)
    assert client.post(reverse("two_factor"), {"token": f"{totp(device.bin_key):06d}"}).status_code == 302
    return client


@pytest.fixture
def catalogue_copy(tmp_path: Path, settings: Any) -> Path:
    """The portal's French catalogue, copied where the review edits it (and where the pages read it
    first): the committed catalogue stays as it is."""
    folder = tmp_path / "locale" / "fr" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    for name in ("django.po", "django.mo"):
        shutil.copy(PORTAL_LOCALE / "fr" / "LC_MESSAGES" / name, folder / name)
    settings.LOCALE_PATHS = [tmp_path / "locale"]
    settings.ROSETTA_EXCLUDED_PATHS = [str(PORTAL_LOCALE)]
    return folder / "django.po"


def _url(name: str, case: Case) -> str:
    kwargs = ROUTES[name][1]
    return reverse(name, kwargs=kwargs(case) if kwargs else None)


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(n for n, (a, _) in ROUTES.items() if a == OPERATOR))
def test_only_the_operator_reaches_the_review(name: str, case: Case, operator: User, alice: User, bob: User,
                                              charlie: User, deactivated: User, applicant: User) -> None:
    from article3.accounts.models import Membership, Role

    url = _url(name, case)
    expected = 404 if name == "rosetta.translate_text" else 200
    assert verified(operator).get(url, follow=True).status_code == expected
    unverified = client_for(operator).get(url)
    assert unverified.status_code == 302 and unverified["Location"] == reverse("two_factor"), "second factor first"
    Membership.objects.filter(user=alice).update(role=Role.ADMIN)
    for other in (alice, bob, charlie, applicant):
        assert client_for(other).get(url).status_code == 404, f"{other.email}: not the instance operator"
    sends_to_login(url, deactivated)


@pytest.mark.django_db
def test_only_the_projects_catalogues_are_offered(operator: User) -> None:
    client = verified(operator)
    page = client.get(reverse("rosetta-file-list", kwargs={"po_filter": "project"})).content.decode()
    assert "article3/portal/locale/fr/LC_MESSAGES/django.po" in page
    assert "article3/accounts/locale/ar/LC_MESSAGES/django.po" in page
    assert "site-packages" not in page
    for other in ("django", "third-party", "all"):
        assert client.get(reverse("rosetta-file-list", kwargs={"po_filter": other})).status_code == 404
        url = reverse("rosetta-form", kwargs={"po_filter": other, "lang_id": "fr", "idx": 0})
        assert client.get(url).status_code == 404


def correct(client: Client, po: Path) -> None:
    """What rosetta's form sends for one phrase: its text field, named by a hash of the entry."""
    import polib  # type: ignore[import-untyped]

    entry = polib.pofile(str(po)).find(PHRASE)
    assert entry is not None
    digest = hashlib.md5((entry.msgid + entry.msgstr + (entry.msgctxt or "")).encode()).hexdigest()  # noqa: S324
    url = reverse("rosetta-form", kwargs={"po_filter": "project", "lang_id": "fr", "idx": _index(client, po)})
    assert client.post(f"{url}?query={PHRASE}", {f"m_{digest}": CORRECTED, "query": PHRASE}).status_code == 302


def _index(client: Client, po: Path) -> int:
    """The catalogue's number in rosetta's list (its links are numbered in the order shown)."""
    from rosetta.poutil import find_pos
    from rosetta.views import get_app_name

    paths = sorted(find_pos("fr", project_apps=True), key=get_app_name)
    return [Path(p).resolve() for p in paths].index(po.resolve())


@pytest.mark.django_db
def test_a_correction_is_audited_and_shown_at_once(operator: User, applicant: User, catalogue_copy: Path) -> None:
    committed = (PORTAL_LOCALE / "fr" / "LC_MESSAGES" / "django.po").read_bytes()
    LanguagePreference.objects.update_or_create(user=applicant, defaults={"language": "fr"})
    client = Client()
    client.post(reverse("login"), {"email": applicant.email, "password": PASSWORD})
    assert "Écrire à votre équipe juridique" in client.get(reverse("portal_home")).content.decode()

    correct(verified(operator), catalogue_copy)

    assert CORRECTED in client.get(reverse("portal_home")).content.decode()
    assert CORRECTED in catalogue_copy.read_text(encoding="utf-8")
    assert (PORTAL_LOCALE / "fr" / "LC_MESSAGES" / "django.po").read_bytes() == committed
    changed = AuditEntry.objects.get(action="translations.entry.changed")
    assert changed.actor == f"user:{operator.pk}"
    assert changed.detail["language"] == "fr" and changed.detail["catalogue"].endswith("fr/LC_MESSAGES/django.po")
    assert PHRASE not in str(changed.detail) and CORRECTED not in str(changed.detail), "codes, not text"
    assert AuditEntry.objects.filter(action="translations.catalogue.saved").count() == 1


@pytest.mark.django_db
def test_the_command_line_makes_and_unmakes_the_operator(alice: User) -> None:
    result = CliRunner().invoke(user_operator, ["alice@example.org"])
    assert result.exit_code == 0, result.output
    alice.refresh_from_db()
    assert alice.is_superuser
    assert AuditEntry.objects.filter(action="accounts.operator.granted", object_key=str(alice.pk)).exists()
    CliRunner().invoke(user_operator, ["alice@example.org", "--revoke"])
    alice.refresh_from_db()
    assert not alice.is_superuser
    assert CliRunner().invoke(user_operator, ["nobody@example.org"]).exit_code == 1


def test_under_gunicorn_every_worker_is_replaced_to_read_the_new_catalogues(monkeypatch: pytest.MonkeyPatch) -> None:
    import os
    import signal

    from django.test import RequestFactory

    from article3.accounts.translations import reload_catalogues

    sent: list[tuple[int, int]] = []
    monkeypatch.setattr(os, "kill", lambda pid, sig: sent.append((pid, sig)))
    reload_catalogues(RequestFactory().get("/", SERVER_SOFTWARE="WSGIServer/0.2"))
    assert sent == [], "runserver and tests: this process only"
    reload_catalogues(RequestFactory().get("/", SERVER_SOFTWARE="gunicorn/23.0.0"))
    assert sent == [(os.getppid(), signal.SIGHUP)], "the master starts new workers, gracefully"


@pytest.mark.django_db
def test_the_operator_outside_any_organisation_lands_on_a_page(operator: User) -> None:
    assert verified(operator).get(reverse("dashboard")).status_code == 200
