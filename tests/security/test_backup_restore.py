"""E5, the restore drill: back up from SQLite, restore into PostgreSQL and into a fresh SQLite folder.

Every step is a real `article3` process with its own data folder and database, the real
append-only triggers and the real task queue.
"""

import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest

from tests.security.live import article3, article3_json, environment, migrated

SERVER = "postgres://postgres@127.0.0.1:5432"


@pytest.fixture(scope="module")
def source(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """An instance with the demo case (documents in the vault, a long audit log), and its backup."""
    folder = tmp_path_factory.mktemp("source")
    env = environment(migrated(folder / "data"))
    article3(env, "demo")
    backup = folder / "backup"
    made = article3_json(env, "backup", str(backup))
    return {"env": env, "key": folder / "data" / "instance.key", "backup": backup, "made": made,
            "cases": article3_json(env, "case", "list")["cases"]}


@pytest.fixture
def postgres_url() -> Iterator[str]:
    name = f"a3_restore_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    yield f"{SERVER}/{name}"
    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _target(folder: Path, key: Path | None, database_url: str | None = None) -> dict[str, str]:
    (folder / "data").mkdir(parents=True)
    if key is not None:
        shutil.copy2(key, folder / "data" / "instance.key")  # the key travels apart from the backup
    return environment(folder / "data", database_url)


def test_the_backup_holds_no_key_and_no_plaintext(source: dict[str, Any]) -> None:
    made, backup = source["made"], source["backup"]
    assert made["instance_key"]["in_backup"] is False and made["files"] >= 5 and made["rows"] > 50
    key = source["key"].read_bytes()
    names = {p.relative_to(backup).as_posix() for p in backup.rglob("*") if p.is_file()}
    assert {"manifest.json", "SHA256SUMS", "database.jsonl.sealed"} <= names
    for path in backup.rglob("*"):
        if path.is_file():
            content = path.read_bytes()
            assert key not in content and key.hex().encode() not in content
            assert b"Tabe" not in content and b"Bamenda" not in content, f"plaintext case data in {path.name}"
    assert all((backup / name).stat().st_mode & 0o077 == 0 for name in names)


def test_restore_into_postgresql_keeps_ids_and_the_chain(source: dict[str, Any], postgres_url: str,
                                                         tmp_path: Path) -> None:
    env = _target(tmp_path, source["key"], postgres_url)
    restored = article3_json(env, "restore", str(source["backup"]), "--verify")
    assert restored["verify"]["ok"] is True
    assert restored["verify"]["blobs_intact"] == source["made"]["files"]
    assert restored["rows"] == source["made"]["rows"] and restored["tables"] == source["made"]["tables"]
    assert article3_json(env, "case", "list")["cases"] == source["cases"], "same cases, same public ids"
    check = article3_json(env, "verify")
    assert check["ok"] is True and check["audit"]["head"]["seq"] == source["made"]["audit_head"]["seq"] + 1
    article3(env, "org", "create", "after-restore")  # sequences were moved past the restored ids
    with psycopg.connect(postgres_url) as db:
        triggers = {row[0] for row in db.execute("SELECT tgname FROM pg_trigger WHERE tgname LIKE 'audit_%'")}
        names = [row[0] for row in db.execute("SELECT name FROM cases_person ORDER BY id")]
    assert triggers == {"audit_no_change", "audit_no_truncate"}
    assert names and all(n.startswith("a3e1:") and "Tabe" not in n for n in names), "encrypted in PostgreSQL too"
    shown = article3(env, "manage", "shell", "-c", "from article3.cases.models import Person\n"
                     "print(sorted(p.name for p in Person.objects.all()))").stdout
    assert "Emmanuel Tabe" in shown and "Grace Tabe" in shown, "and read back with the same instance key"


def test_restore_into_a_fresh_sqlite_folder_then_refuse_a_second_restore(source: dict[str, Any],
                                                                         tmp_path: Path) -> None:
    env = _target(tmp_path, source["key"])
    restored = article3_json(env, "restore", str(source["backup"]), "--verify")
    assert restored["verify"]["ok"] is True and restored["verify"]["audit"]["ok"] is True
    assert article3_json(env, "case", "list")["cases"] == source["cases"]
    again = article3(env, "restore", str(source["backup"]), check=False)
    assert again.returncode == 1 and "the target is not empty" in again.stderr
    assert "Nothing was restored" in again.stderr
    refused = article3(env, "manage", "shell", "-c", "from article3.audit.models import AuditEntry\n"
                       "AuditEntry.objects.filter(seq=1).update(actor='x')", check=False)
    assert "append-only" in refused.stderr, "the restored database has its audit triggers"


def test_a_damaged_backup_or_the_wrong_key_is_refused_before_anything_is_written(source: dict[str, Any],
                                                                                 tmp_path: Path) -> None:
    damaged = tmp_path / "damaged"
    shutil.copytree(source["backup"], damaged)
    blob = next(p for p in (damaged / "vault").rglob("*") if p.is_file())
    raw = bytearray(blob.read_bytes())
    raw[len(raw) // 2] ^= 1
    blob.write_bytes(bytes(raw))
    env = _target(tmp_path / "target", source["key"])
    refused = article3(env, "restore", str(damaged), "--verify", check=False)
    assert refused.returncode == 1 and "the backup is damaged" in refused.stderr
    assert f"{blob.relative_to(damaged).as_posix()}: its SHA-256 does not match" in refused.stderr
    (tmp_path / "target" / "data" / "instance.key").write_bytes(bytes(32))  # not the backup's key
    refused = article3(env, "restore", str(source["backup"]), check=False)
    assert refused.returncode == 1 and "is not the key this backup was made with" in refused.stderr
    left = article3_json(env, "verify")
    assert left["audit"]["entries"] == 0 and left["vault"]["intact"] == 0, "the target is as empty as before"
