"""Shredding vault files that records may share, without racing the uploads that share them.

The vault is content-addressed: the same file uploaded into two cases is one blob. A shredder
(the retention purge, `article3 verify --fix`) decides a blob is unused, then destroys it; an
upload of the same content finds the blob already there, then commits a row naming it. Left
alone, the two can interleave so that the row commits pointing at a shredded blob.

Both sides therefore take the same per-blob hold, inside a transaction, before acting:
- the shredder, holding it, re-checks that no committed row names the blob, then shreds it;
- the writer, holding it until its row commits, checks the blob is still there and stores the
  file again if a shredder got to it first. Every writer does: uploads, derived PDFs, bundle
  volumes, generated documents and templates, country reports and their PDF forms.
On PostgreSQL the hold is a transaction-scoped advisory lock on the blob's name; on SQLite every
write transaction is IMMEDIATE (see settings), so a transaction that has written already holds
the database's single write lock, and `blob_hold` takes it by writing nothing at all.
"""

import io
from collections.abc import Iterable
from pathlib import Path

from django.apps import apps
from django.db import connection, transaction
from django.db.models import Q

from article3.evidence.storage import derived_cache, vault
from article3.evidence.vault import BlobNotFound

# The class half of the two-part advisory lock key; the audit chain uses a one-part key.
BLOB_LOCK_CLASS = 0x41334253


def blob_hold(sha: str) -> None:
    """Hold shredders of `sha` off until the current transaction ends (call inside atomic)."""
    if not connection.in_atomic_block:
        raise RuntimeError("blob_hold needs a transaction: the hold ends when it does")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [BLOB_LOCK_CLASS, _lock_id(sha)])
    elif connection.vendor == "sqlite" and _sqlite_mode() != "IMMEDIATE":
        # BEGIN IMMEDIATE takes the write lock when the outermost block opens; a deferred
        # transaction would take it at its first write, after the check that needs it.
        raise RuntimeError("SQLite must run IMMEDIATE transactions for blob holds to exclude shredders")


def _sqlite_mode() -> str:
    return str(connection.settings_dict.get("OPTIONS", {}).get("transaction_mode", ""))


def _lock_id(sha: str) -> int:
    return int(sha[:8], 16) - 2**31  # a signed 32-bit int; two blobs sharing one only wait for each other


def blob_referenced(sha: str) -> bool:
    """Whether any committed row (of any model listing VAULT_FIELDS) names the blob."""
    for model in apps.get_models():
        fields = getattr(model, "VAULT_FIELDS", ())
        if not fields:
            continue
        match = Q()
        for name in fields:
            match |= Q(**{name: sha})
        if model._default_manager.filter(match).exists():
            return True
    return False


def shred_unreferenced(shas: Iterable[str]) -> list[str]:
    """Crypto-shred each blob that no row names, each under its hold; return those shredded.

    Each blob gets its own short transaction, so an upload waits for one shred at most.
    """
    shredded = []
    for sha in shas:
        with transaction.atomic():
            blob_hold(sha)
            if blob_referenced(sha):
                continue
            derived_cache().forget(sha)  # what was made from it goes too, even if the blob is gone
            try:
                vault().shred(sha)
            except BlobNotFound:
                continue
            shredded.append(sha)
    return shredded


def blob_keep_or_put(sha: str, content: Path | bytes) -> None:
    """In the transaction about to name `sha`: hold it, and store `content` (the file or bytes
    it was made from) again if a shredder removed it since it was first stored."""
    if blob_keep(sha):
        return
    with content.open("rb") if isinstance(content, Path) else io.BytesIO(content) as stream:
        vault().put(stream=stream)


def blob_keep(sha: str) -> bool:
    """In the transaction that is about to name `sha`: hold it, and report whether it is there.

    Returns False when a shredder removed it after the caller stored it; the caller then
    stores the file again (still under the hold, so it stays) before writing its row.
    """
    blob_hold(sha)
    return vault().exists(sha)
