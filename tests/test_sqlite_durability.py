"""The SQLite connection settings: durable commits and deleted text overwritten, on every connection."""

from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.db.backends.sqlite3.base import DatabaseWrapper


@pytest.fixture(autouse=True)
def _own_files(django_db_blocker: Any) -> Any:
    """These tests open their own database files, not the test database."""
    with django_db_blocker.unblock():
        yield


def _pragmas(tmp_path: Path) -> dict[str, object]:
    wrapper = DatabaseWrapper({**settings.DATABASES["default"], "NAME": str(tmp_path / "probe.sqlite3")})
    try:
        with wrapper.cursor() as cursor:
            found = {}
            for name in ("journal_mode", "synchronous", "secure_delete", "foreign_keys"):
                cursor.execute(f"PRAGMA {name}")
                found[name] = cursor.fetchone()[0]
            return found
    finally:
        wrapper.close()


def test_a_new_connection_uses_wal_full_sync_and_secure_delete(tmp_path: Path) -> None:
    assert _pragmas(tmp_path) == {"journal_mode": "wal", "synchronous": 2, "secure_delete": 1, "foreign_keys": 1}


def test_deleted_text_does_not_stay_in_the_database_file(tmp_path: Path) -> None:
    wrapper = DatabaseWrapper({**settings.DATABASES["default"], "NAME": str(tmp_path / "gone.sqlite3")})
    try:
        with wrapper.cursor() as cursor:
            cursor.execute("CREATE TABLE note (body TEXT)")
            cursor.execute("INSERT INTO note VALUES (%s)", ["cnry-deleted-words " * 50])
            cursor.execute("DELETE FROM note")
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        wrapper.close()
    assert b"cnry-deleted-words" not in (tmp_path / "gone.sqlite3").read_bytes()
