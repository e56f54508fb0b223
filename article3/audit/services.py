"""The append-only audit log, chained with a key only the instance holds.

Each entry's hash is an HMAC-SHA256, under a key derived from the instance key, of the previous
entry's hash and the entry's fields: someone who can write to the database but has not the instance
key can neither edit an entry and recompute the chain, nor forge one. A signed head row, updated
with each append, shows when the newest entries were cut off; a head printed by each backup and once
a day in the log, given back to `article3 verify --head SEQ:HASH` or kept in an anchor file
(`ARTICLE3_AUDIT_ANCHOR_FILE`), shows even a database rolled back as a whole.
"""

import datetime
import functools
import hashlib
import hmac
import json
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import models, transaction
from django.utils import timezone

from article3.audit.models import AuditEntry, AuditHead

GENESIS = "0" * 64

Actor = AbstractBaseUser | AnonymousUser | str | None


def actor_label(actor: Actor) -> str:
    if actor is None:
        return "system"
    if isinstance(actor, str):
        return actor
    if not actor.is_authenticated:
        return "anonymous"
    return f"user:{actor.pk}"


CHAIN_INFO = b"article3 audit chain v1"


def chain_key() -> bytes:
    from article3 import datadir

    return _chain_key_for(datadir.key_path())


@functools.lru_cache(maxsize=4)
def _chain_key_for(key_file: Path) -> bytes:
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF

    from article3 import datadir

    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=CHAIN_INFO).derive(datadir.instance_key())


def entry_hash(*, prev_hash: str, fields: dict[str, Any], key: bytes | None = None) -> str:
    canonical = json.dumps(fields, sort_keys=True, separators=(",", ":"), default=str)
    return hmac.new(key or chain_key(), f"{prev_hash}|{canonical}".encode(), hashlib.sha256).hexdigest()


def unkeyed_entry_hash(*, prev_hash: str, fields: dict[str, Any]) -> str:
    """How entries were hashed before the chain was keyed (kept to re-seal an older log once)."""
    canonical = json.dumps(fields, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(f"{prev_hash}|{canonical}".encode()).hexdigest()


def head_tag(*, seq: int, digest: str, key: bytes | None = None) -> str:
    return hmac.new(key or chain_key(), f"head|{seq}|{digest}".encode(), hashlib.sha256).hexdigest()


def head_write(*, seq: int, digest: str, key: bytes | None = None) -> None:
    """Point the signed head at entry `seq` (in the caller's transaction, which holds the chain's lock).
    One UPDATE, where `update_or_create` took a savepoint, a locking read and a write for each entry."""
    head = {"seq": seq, "hash": digest, "tag": head_tag(seq=seq, digest=digest, key=key)}
    if not AuditHead.objects.filter(pk=1).update(**head):
        AuditHead.objects.create(pk=1, **head)


def hashed_fields(entry: AuditEntry) -> dict[str, Any]:
    return {
        "seq": entry.seq,
        "at": entry.at.isoformat(),
        "actor": entry.actor,
        "organisation_id": entry.organisation_id,
        "case_id": entry.case_id,
        "action": entry.action,
        "object_type": entry.object_type,
        "object_key": entry.object_key,
        "detail": entry.detail,
    }


def audit_record(
    *,
    actor: Actor,
    action: str,
    obj: models.Model | None = None,
    object_key: str = "",
    organisation_id: int | None = None,
    case_id: int | None = None,
    detail: dict[str, Any] | None = None,
) -> AuditEntry:
    """Append an entry in the caller's transaction, so the change and its record commit together.

    `detail` holds ids, counts and codes only; callers never put names or text in it.
    """
    with transaction.atomic():
        _chain_lock()
        last = AuditEntry.objects.select_for_update().order_by("-seq").first()
        entry = AuditEntry(
            seq=(last.seq + 1) if last else 1,
            at=timezone.now(),
            actor=actor_label(actor),
            organisation_id=organisation_id,
            case_id=case_id,
            action=action,
            object_type=obj._meta.label_lower if obj is not None else "",
            object_key=object_key or (str(obj.pk) if obj is not None else ""),
            detail=detail or {},
            prev_hash=last.hash if last else GENESIS,
        )
        entry.hash = entry_hash(prev_hash=entry.prev_hash, fields=hashed_fields(entry))
        entry.save(force_insert=True)
        head_write(seq=entry.seq, digest=entry.hash)
        return entry


# Any constant: the advisory lock that serialises appends to the chain on PostgreSQL.
CHAIN_LOCK = 0x41334155


def _chain_lock() -> None:
    """One writer at a time appends. Locking the last row is not enough on PostgreSQL (two writers
    can both see the same last row); SQLite's write transactions already serialise."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [CHAIN_LOCK])


@dataclass(frozen=True)
class ChainReport:
    ok: bool
    entries: int
    head_seq: int
    head_hash: str
    first_broken_seq: int | None = None
    problem: str = ""
    walked_in_full: datetime.datetime = field(default_factory=timezone.now)  # when the whole chain was walked

    def as_json(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "entries": self.entries,
            "head": {"seq": self.head_seq, "hash": self.head_hash},
            "first_broken_seq": self.first_broken_seq,
            "problem": self.problem,
        }


def chain_head() -> tuple[int, str]:
    last = AuditEntry.objects.order_by("-seq").first()
    return (last.seq, last.hash) if last else (0, GENESIS)


@dataclass(frozen=True)
class _Walked:
    """Where a walk of the chain ended, and when the walk it continued started from the first entry."""
    seq: int
    hash: str
    entries: int
    key: bytes
    at: float = field(default_factory=time.monotonic)
    when: datetime.datetime = field(default_factory=timezone.now)


_walked: list[_Walked] = []  # this process's last walk that found the chain whole


def chain_verify(*, anchor: tuple[int, str] | None = None, full_every: float = 0) -> ChainReport:
    """Walk the chain; report the first entry that was edited, removed, moved or inserted, and a
    newest part cut off.

    `anchor` is a head kept elsewhere (printed with each backup, in the daily log line, or given
    with `--head`); without one, the last line of the anchor file is used when one is configured.

    With `full_every` (seconds), a whole walk that this process made less long ago is taken up to the
    entry where it ended, if that entry is still there unchanged, and only the newer entries are
    walked: the audit pages would otherwise read the whole log, of every case, on every view. An edit
    of an older entry is then seen at the next whole walk (the report says when the last was).
    """
    key = chain_key()
    start = _walk_start(key, full_every)
    prev_hash, expected_seq, count = start.hash, start.seq + 1, start.entries
    for entry in AuditEntry.objects.filter(seq__gt=start.seq).order_by("seq").iterator(chunk_size=2000):
        problem = _entry_problem(entry, expected_seq=expected_seq, prev_hash=prev_hash, key=key)
        if problem:
            return ChainReport(False, count, expected_seq - 1, prev_hash, entry.seq, problem, start.when)
        prev_hash, expected_seq, count = entry.hash, entry.seq + 1, count + 1
    head_seq = expected_seq - 1
    problem = _head_problem(head_seq, prev_hash, key)
    if problem:
        return ChainReport(False, count, head_seq, prev_hash, head_seq + 1, problem, start.when)
    _walked[:] = [_Walked(head_seq, prev_hash, count, key, start.at, start.when)]
    for seq, digest in [a for a in (anchor, anchor_file_head()) if a is not None]:
        if head_seq < seq:
            return ChainReport(False, count, head_seq, prev_hash, head_seq + 1,
                               f"the log ends at entry {head_seq}, before the recorded head {seq}")
        if not AuditEntry.objects.filter(seq=seq, hash=digest).exists():
            return ChainReport(False, count, head_seq, prev_hash, seq,
                               f"entry {seq} does not match the recorded head")
    return ChainReport(True, count, head_seq, prev_hash, walked_in_full=start.when)


def _walk_start(key: bytes, full_every: float) -> _Walked:
    last = _walked[0] if _walked else None
    if (last is not None and last.key == key and time.monotonic() - last.at < full_every
            and AuditEntry.objects.filter(seq=last.seq, hash=last.hash).exists()):
        return last
    return _Walked(0, GENESIS, 0, key)


def _head_problem(head_seq: int, head_hash: str, key: bytes) -> str:
    head = AuditHead.objects.filter(pk=1).first()
    if head is None:
        return "" if head_seq == 0 else "the signed head of the log is missing"
    if not hmac.compare_digest(head.tag, head_tag(seq=head.seq, digest=head.hash, key=key)):
        return "the signed head of the log was altered"
    if head.seq > head_seq:
        return f"the log ends at entry {head_seq}, but its signed head says {head.seq}: the newest entries were removed"
    if (head.seq, head.hash) != (head_seq, head_hash):
        return f"the signed head (entry {head.seq}) does not match the last entry ({head_seq})"
    return ""


def _entry_problem(entry: AuditEntry, *, expected_seq: int, prev_hash: str, key: bytes) -> str:
    if entry.seq != expected_seq:
        return f"entry {expected_seq} is missing (next is {entry.seq})"
    if entry.prev_hash != prev_hash:
        return f"entry {entry.seq} does not follow entry {entry.seq - 1}"
    if not hmac.compare_digest(entry.hash, entry_hash(prev_hash=entry.prev_hash, fields=hashed_fields(entry), key=key)):
        return f"entry {entry.seq} was altered"
    return ""


def parse_head(text: str) -> tuple[int, str]:
    """`SEQ:HASH` (or `SEQ HASH`, as backups print it) as a pair; ValueError when it is not that."""
    seq, _, digest = text.strip().replace(" ", ":", 1).partition(":")
    digest = digest.strip().lower()
    if not seq.isdigit() or len(digest) != 64 or any(c not in "0123456789abcdef" for c in digest):
        raise ValueError("a head is written SEQ:HASH, as printed by `article3 backup` (e.g. 1234:9f86d0...)")
    return int(seq), digest


def anchor_file() -> Path | None:
    configured = os.environ.get("ARTICLE3_AUDIT_ANCHOR_FILE", "").strip()
    return Path(configured) if configured else None


def anchor_file_head() -> tuple[int, str] | None:
    """The last head written to the anchor file, if one is configured and holds one."""
    path = anchor_file()
    if path is None or not path.exists():
        return None
    lines = [line for line in path.read_text(errors="replace").splitlines() if line.strip()]
    if not lines:
        return None
    return parse_head(" ".join(lines[-1].split()[:2]))


def head_publish() -> tuple[int, str]:
    """Write the head to the log (and append it to the anchor file when one is configured)."""
    import logging

    from django.utils import timezone as tz

    seq, digest = chain_head()
    logging.getLogger("article3.audit").info("Audit chain head: %s %s", seq, digest)
    path = anchor_file()
    if path is not None:
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            os.write(fd, f"{seq} {digest} {tz.now().isoformat()}\n".encode())
            os.fsync(fd)
        finally:
            os.close(fd)
    return seq, digest
