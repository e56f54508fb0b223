"""The append-only, hash-chained audit log."""

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import models, transaction
from django.utils import timezone

from article3.audit.models import AuditEntry

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


def entry_hash(*, prev_hash: str, fields: dict[str, Any]) -> str:
    canonical = json.dumps(fields, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(f"{prev_hash}|{canonical}".encode()).hexdigest()


def _hashed_fields(entry: AuditEntry) -> dict[str, Any]:
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
        entry.hash = entry_hash(prev_hash=entry.prev_hash, fields=_hashed_fields(entry))
        entry.save(force_insert=True)
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


def chain_verify(*, anchor: tuple[int, str] | None = None) -> ChainReport:
    """Walk the chain; report the first entry that was edited, removed, moved or inserted.

    `anchor` is a head kept elsewhere (printed with each backup): a chain cut short after it
    was recorded no longer reaches it.
    """
    prev_hash, expected_seq, count = GENESIS, 1, 0
    for entry in AuditEntry.objects.order_by("seq").iterator(chunk_size=2000):
        problem = _entry_problem(entry, expected_seq=expected_seq, prev_hash=prev_hash)
        if problem:
            return ChainReport(False, count, expected_seq - 1, prev_hash, entry.seq, problem)
        prev_hash, expected_seq, count = entry.hash, entry.seq + 1, count + 1
    head_seq = expected_seq - 1
    if anchor is not None:
        seq, digest = anchor
        if head_seq < seq:
            return ChainReport(False, count, head_seq, prev_hash, head_seq + 1,
                               f"the log ends at entry {head_seq}, before the recorded head {seq}")
        if not AuditEntry.objects.filter(seq=seq, hash=digest).exists():
            return ChainReport(False, count, head_seq, prev_hash, seq,
                               f"entry {seq} does not match the recorded head")
    return ChainReport(True, count, head_seq, prev_hash)


def _entry_problem(entry: AuditEntry, *, expected_seq: int, prev_hash: str) -> str:
    if entry.seq != expected_seq:
        return f"entry {expected_seq} is missing (next is {entry.seq})"
    if entry.prev_hash != prev_hash:
        return f"entry {entry.seq} does not follow entry {entry.seq - 1}"
    if entry.hash != entry_hash(prev_hash=entry.prev_hash, fields=_hashed_fields(entry)):
        return f"entry {entry.seq} was altered"
    return ""
