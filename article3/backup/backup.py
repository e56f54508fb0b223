"""`article3 backup OUT`: the database, the vault and the audit-chain head, in one folder.

The database is dumped with Django's serializer (JSON Lines, natural keys for users), so a
backup taken on SQLite restores into PostgreSQL and back. All reads happen in one snapshot,
so the dump, the list of vault files and the chain head agree even while people keep working.
"""

import datetime
import os
import secrets
import shutil
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.apps import apps
from django.core import serializers
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, models, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from article3 import datadir
from article3.audit.services import Actor, audit_record, chain_head
from article3.backup.manifest import (
    DATABASE,
    FORMAT,
    VAULT,
    VERSION,
    BackupError,
    copy_durable,
    manifest_write,
    sealed_write,
)
from article3.evidence.services import file_sha256
from article3.evidence.storage import known_blobs, vault
from article3.evidence.vault.fsutil import fsync_dir

# Rebuilt by `migrate` on the target (content types, permissions) or worthless there (sessions:
# a restore signs everybody out; change stamps: the target's triggers give every case its own).
EXCLUDED = frozenset({"contenttypes.contenttype", "auth.permission", "sessions.session", "cases.casestamp"})
BATCH = 500


@dataclass(frozen=True)
class BackupResult:
    folder: Path
    rows: dict[str, int]
    blobs: int
    bytes: int
    audit_head: tuple[int, str]
    key_path: Path
    key_fingerprint: str

    def as_json(self) -> dict[str, Any]:
        return {
            "folder": str(self.folder),
            "rows": sum(self.rows.values()),
            "tables": self.rows,
            "files": self.blobs,
            "bytes": self.bytes,
            "audit_head": {"seq": self.audit_head[0], "hash": self.audit_head[1]},
            "instance_key": {"path": str(self.key_path), "fingerprint": self.key_fingerprint,
                             "in_backup": False},
        }


def dumped_models() -> list[type[models.Model]]:
    """Every model with a table, ordered so each comes after the models its natural keys need."""
    app_list: dict[Any, list[type[models.Model]] | None] = {
        config: None for config in apps.get_app_configs() if config.models_module is not None
    }
    ordered = serializers.sort_dependencies(app_list.items(), allow_cycles=True)
    tables = set(connection.introspection.table_names())  # a model not migrated yet holds no rows
    return [
        model for model in ordered
        if model._meta.label_lower not in EXCLUDED and not model._meta.proxy and model._meta.managed
        and model._meta.db_table in tables
    ]


def backup_create(*, actor: Actor, out: Path) -> BackupResult:
    """Write a complete backup to `out` (a new or empty folder); it appears there only when whole."""
    out = out.absolute()
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise BackupError(f"{out} already exists and is not an empty folder; choose a new one.")
    stage = out.with_name(f".{out.name}.partial-{secrets.token_hex(4)}")
    stage.mkdir(mode=0o700, parents=True)
    try:
        result = _write(stage, out)
        os.replace(stage, out)
        fsync_dir(out.parent)
    except BaseException:
        shutil.rmtree(stage, ignore_errors=True)
        raise
    audit_record(actor=actor, action="backup.created", object_key=result.audit_head[1][:16], detail={
        "rows": sum(result.rows.values()), "files": result.blobs, "head_seq": result.audit_head[0]})
    return result


def _write(stage: Path, out: Path) -> BackupResult:
    key = datadir.instance_key()
    with read_snapshot():
        head = chain_head()
        rows = _dump(stage / DATABASE, key)
        shas = sorted(known_blobs())
        schema = _schema()
    files = {DATABASE: _entry(stage / DATABASE)}
    for sha in shas:
        name = f"{VAULT}/{sha[:2]}/{sha[2:4]}/{sha}"
        try:
            with vault().backend.read(sha) as source:
                digest = copy_durable(source=source, dest=stage / name)
        except FileNotFoundError:
            raise BackupError(f"vault file {sha} is missing: run `article3 verify` first.") from None
        files[name] = {"sha256": digest, "bytes": (stage / name).stat().st_size}
    manifest_write(stage, {
        "format": FORMAT, "version": VERSION,
        "created_at": timezone.now().isoformat(),
        "source": {"engine": connection.vendor},
        "schema": schema,
        "audit_head": {"seq": head[0], "hash": head[1]},
        "instance_key": {"fingerprint": vault().key_fingerprint, "in_backup": False},
        "rows": rows,
        "blobs": len(shas),
        "files": files,
    })
    return BackupResult(folder=out, rows=rows, blobs=len(shas), bytes=sum(f["bytes"] for f in files.values()),
                        audit_head=head, key_path=datadir.key_path(),
                        key_fingerprint=vault().key_fingerprint)


def _entry(path: Path) -> dict[str, Any]:
    return {"sha256": file_sha256(path), "bytes": path.stat().st_size}


def _dump(path: Path, key: bytes) -> dict[str, int]:
    counts: Counter[str] = Counter()
    sealed_write(path=path, key=key, pieces=_serialized(counts))
    return dict(sorted(counts.items()))


def _serialized(counts: Counter[str]) -> Iterator[bytes]:
    for model in dumped_models():
        batch: list[models.Model] = []
        for obj in model._base_manager.order_by("pk").iterator(chunk_size=2000):
            batch.append(obj)
            if len(batch) == BATCH:
                yield _lines(batch, counts)
                batch = []
        if batch:
            yield _lines(batch, counts)


def _lines(batch: list[models.Model], counts: Counter[str]) -> bytes:
    counts[batch[0]._meta.label_lower] += len(batch)
    text: str = serializers.serialize("jsonl", batch, use_natural_foreign_keys=True, cls=LosslessEncoder)
    return text.encode()


class LosslessEncoder(DjangoJSONEncoder):
    """Django's encoder cuts times to milliseconds (as JavaScript does); the audit chain hashes
    microseconds, so a backup keeps them."""

    def default(self, o: Any) -> Any:
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat()
        return super().default(o)


def _schema() -> dict[str, list[str]]:
    """The migrations applied to the source, per app: a restore refuses a schema it does not know."""
    applied: dict[str, list[str]] = {}
    for app, name in MigrationRecorder(connection).applied_migrations():
        applied.setdefault(app, []).append(name)
    return {app: sorted(names) for app, names in sorted(applied.items())}


@contextmanager
def read_snapshot() -> Iterator[None]:
    """Every read inside sees the database as it was at one instant, while others keep writing."""
    if connection.vendor == "sqlite" and not connection.in_atomic_block:
        # Django opens SQLite transactions with BEGIN IMMEDIATE, which takes the write lock; a
        # deferred one reads one WAL snapshot without holding writers up.
        connection.ensure_connection()
        with connection.cursor() as cursor:
            cursor.execute("BEGIN DEFERRED")
        try:
            yield
        finally:
            with connection.cursor() as cursor:
                cursor.execute("ROLLBACK")
        return
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if connection.vendor == "postgresql" and outermost:
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        yield
