"""`article3 restore BACKUP`: into an empty data folder and database only, keeping every id.

The backup is checked before anything is written (every file against the manifest, the key
against the recorded fingerprint, the schema against this version). The database rows load
in one transaction with their original ids and audit sequence numbers: the audit log only
receives inserts, which its append-only triggers allow. If loading fails, the vault files
placed for it are removed again, so a failed restore leaves the target as empty as it was.
"""

import re
import secrets
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core import serializers
from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.db.migrations.recorder import MigrationRecorder

from article3 import datadir
from article3.accounts.models import Organisation
from article3.audit.services import Actor, ChainReport, audit_record, chain_verify
from article3.backup.backup import dumped_models
from article3.backup.manifest import (
    DATABASE,
    BackupError,
    copy_durable,
    files_check,
    manifest_read,
    sealed_lines,
)
from article3.evidence.storage import known_blobs, vault

VAULT_NAME = re.compile(r"vault/([0-9a-f]{2})/([0-9a-f]{2})/(\1\2[0-9a-f]{60})")


@dataclass(frozen=True)
class Verification:
    files_checked: int
    blobs_intact: int
    blobs_damaged: list[str]
    blobs_missing: list[str]
    chain: ChainReport

    @property
    def ok(self) -> bool:
        return not self.blobs_damaged and not self.blobs_missing and self.chain.ok

    def as_json(self) -> dict[str, Any]:
        return {"ok": self.ok, "files_checked": self.files_checked, "blobs_intact": self.blobs_intact,
                "blobs_damaged": self.blobs_damaged, "blobs_missing": self.blobs_missing,
                "audit": self.chain.as_json()}


@dataclass(frozen=True)
class RestoreResult:
    rows: dict[str, int]
    files: int
    audit_head: tuple[int, str]
    verification: Verification | None = field(default=None)

    def as_json(self) -> dict[str, Any]:
        return {"rows": sum(self.rows.values()), "tables": self.rows, "files": self.files,
                "audit_head": {"seq": self.audit_head[0], "hash": self.audit_head[1]},
                "verify": self.verification.as_json() if self.verification else None}


def backup_restore(*, actor: Actor, folder: Path, verify: bool) -> RestoreResult:
    manifest = manifest_read(folder)
    problems = files_check(folder, manifest)
    if problems:
        raise BackupError("the backup is damaged; nothing was restored.\n  " + "\n  ".join(problems[:20]))
    _check_key(manifest)
    _check_schema(manifest)
    _check_empty()
    placed = _vault_in(folder, manifest)
    try:
        rows = _database_in(folder, manifest)
    except BaseException:
        for sha in placed:
            vault().remove(sha)
        raise
    head = (int(manifest["audit_head"]["seq"]), str(manifest["audit_head"]["hash"]))
    audit_record(actor=actor, action="backup.restored", object_key=head[1][:16], detail={
        "rows": sum(rows.values()), "files": len(placed), "head_seq": head[0]})
    checked = restore_verify(manifest=manifest) if verify else None
    return RestoreResult(rows=rows, files=len(placed), audit_head=head, verification=checked)


def restore_verify(*, manifest: dict[str, Any]) -> Verification:
    """Decrypt and re-hash every vault file the database names; walk the chain up to the recorded head."""
    report = vault().verify_all(known_blobs())
    seq, digest = int(manifest["audit_head"]["seq"]), str(manifest["audit_head"]["hash"])
    chain = chain_verify(anchor=(seq, digest) if seq else None)
    return Verification(files_checked=len(manifest["files"]), blobs_intact=len(report.ok),
                        blobs_damaged=report.mismatched, blobs_missing=report.missing, chain=chain)


def _check_key(manifest: dict[str, Any]) -> None:
    theirs, ours = manifest["instance_key"]["fingerprint"], vault().key_fingerprint
    if theirs != ours:
        raise BackupError(
            f"the instance key at {datadir.key_path()} (fingerprint {ours}) is not the key this backup "
            f"was made with (fingerprint {theirs}). Put that key file there, or point ARTICLE3_KEY_FILE "
            "at it, then run restore again. Nothing was restored."
        )


def _check_schema(manifest: dict[str, Any]) -> None:
    here = {(app, name) for app, name in MigrationRecorder(connection).applied_migrations()}
    theirs = {(app, name) for app, names in manifest["schema"].items() for name in names}
    unknown = sorted(f"{app}.{name}" for app, name in theirs - here)
    if unknown:
        raise BackupError("the backup was made by a newer version of Article3 (unknown migrations: "
                          + ", ".join(unknown[:5]) + "). Upgrade, then restore. Nothing was restored.")


def occupied() -> dict[str, int]:
    """What the target already holds, beyond the bare `default` organisation every new folder gets."""
    found: dict[str, int] = {}
    for model in dumped_models():
        rows = model._base_manager.all()
        if model is Organisation:
            rows = rows.exclude(slug="default")
        if count := rows.count():
            found[model._meta.label_lower] = count
    if files := sum(1 for _ in vault().iter_blobs()):
        found["vault files"] = files
    return found


def _check_empty() -> None:
    found = occupied()
    if found:
        held = ", ".join(f"{n} {name}" for name, n in sorted(found.items()))
        raise BackupError(
            f"the target is not empty ({held}). Restore only into a new data folder (ARTICLE3_DATA) "
            "and a new, empty database (DATABASE_URL). Nothing was restored."
        )


def _vault_in(folder: Path, manifest: dict[str, Any]) -> list[str]:
    placed = []
    for name in sorted(manifest["files"]):
        match = VAULT_NAME.fullmatch(name)
        if match is None:
            continue
        spool = vault().tmp / f"{secrets.token_hex(16)}.part"
        try:
            with (folder / name).open("rb") as source:
                copy_durable(source=source, dest=spool)
            if vault().backend.adopt(match.group(3), spool):
                placed.append(match.group(3))
        finally:
            spool.unlink(missing_ok=True)
    return placed


@transaction.atomic
def _database_in(folder: Path, manifest: dict[str, Any]) -> dict[str, int]:
    Organisation.objects.filter(slug="default").delete()  # the bare one of the new folder
    with (folder / DATABASE).open("rb") as stream:
        counts = _load(sealed_lines(stream=stream, key=datadir.instance_key()))
    if counts != manifest["rows"]:
        raise BackupError("the database dump does not hold the rows its manifest lists; nothing was restored.")
    return counts


def _load(lines: Iterable[str]) -> dict[str, int]:
    """Django's loaddata, from a stream of lines: raw saves keep ids; sequences are reset after."""
    counts: Counter[str] = Counter()
    loaded: set[type[models.Model]] = set()
    deferred = []
    with connection.constraint_checks_disabled():
        for item in serializers.deserialize("jsonl", lines, handle_forward_references=True):
            item.save()
            model = type(item.object)
            counts[model._meta.label_lower] += 1
            loaded.add(model)
            if item.deferred_fields:
                deferred.append(item)
        for item in deferred:
            item.save_deferred_fields()
    connection.check_constraints(table_names=[model._meta.db_table for model in loaded])
    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), list(loaded)):
            cursor.execute(statement)
    return dict(sorted(counts.items()))
