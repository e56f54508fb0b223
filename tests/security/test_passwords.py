"""Passwords (ASVS 6.2): at least 12 characters, not common, not known from a breach (local list, no network)."""

import hashlib
from pathlib import Path

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from article3.accounts.models import Organisation
from article3.accounts.passwords import password_breached
from article3.accounts.services import user_create
from article3.errors import DomainError

BREACHED = "correct-battery-horse-staple-1987"
FINE = "a quiet river under seven bridges"


def _refused(password: str) -> list[str]:
    try:
        validate_password(password)
    except ValidationError as exc:
        return [str(e.code) for e in exc.error_list]
    return []


def test_short_and_common_passwords_are_refused() -> None:
    assert "password_too_short" in _refused("elevenchars")
    assert "password_too_common" in _refused("startfinding")  # in Django's list of 20,000


def test_a_password_in_the_local_breach_list_is_refused(tmp_path: Path, settings: object) -> None:
    listed = tmp_path / "breached.txt"
    listed.write_text(f"123456\n{BREACHED}\nqwerty\n")
    settings.BREACHED_PASSWORDS_FILE = str(listed)  # type: ignore[attr-defined]
    assert _refused(BREACHED) == ["password_breached"]
    assert _refused(BREACHED.upper()) == ["password_breached"], "a list of plain passwords is matched in any case"
    assert _refused(FINE) == []


def test_the_hibp_sha1_file_is_searched_without_loading_it(tmp_path: Path, settings: object) -> None:
    known = [f"leaked password number {n}" for n in range(3000)] + [BREACHED]
    lines = sorted(f"{hashlib.sha1(p.encode(), usedforsecurity=False).hexdigest().upper()}:{n + 1}"
                   for n, p in enumerate(known))
    listed = tmp_path / "pwned-passwords-sha1-ordered-by-hash.txt"
    listed.write_text("\r\n".join(lines) + "\r\n")
    settings.BREACHED_PASSWORDS_FILE = str(listed)  # type: ignore[attr-defined]
    assert _refused(BREACHED) == ["password_breached"]
    assert all(password_breached(path=listed, password=p) for p in known[::97])
    assert not any(password_breached(path=listed, password=p + "!") for p in known[::97])
    assert _refused(FINE) == []


def test_without_a_list_only_the_other_rules_apply(tmp_path: Path, settings: object) -> None:
    settings.BREACHED_PASSWORDS_FILE = str(tmp_path / "absent.txt")  # type: ignore[attr-defined]
    assert _refused(BREACHED) == []


@pytest.mark.django_db
def test_accounts_cannot_be_created_with_a_breached_password(org_a: Organisation, tmp_path: Path,
                                                             settings: object) -> None:
    listed = tmp_path / "breached.txt"
    listed.write_text(BREACHED + "\n")
    settings.BREACHED_PASSWORDS_FILE = str(listed)  # type: ignore[attr-defined]
    with pytest.raises(DomainError, match="data breaches"):
        user_create(actor="test", organisation=org_a, email="new@example.org", role="viewer", password=BREACHED)
