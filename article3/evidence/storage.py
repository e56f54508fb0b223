"""The instance's vault, and which blobs the database knows about."""

import dataclasses
import functools
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.conf import settings

from article3 import datadir
from article3.evidence.vault import Backend, Vault, VerifyReport
from article3.evidence.vault.backend import TMP_DIR
from article3.evidence.vault.cache import SealedCache


@functools.cache
def vault() -> Vault:
    root = datadir.root() / "vault"
    return Vault(root=root, key=datadir.instance_key(), backend=_backend(root))


def derived_cache() -> SealedCache:
    """This host's cache of derived files (a bundle's stamped pages), in the data folder's cache area.

    Never backed up and never needed by another host: a missing entry is only made again.
    """
    root = datadir.root() / "cache" / "derived"
    return SealedCache(root=root, key=datadir.instance_key(), max_bytes=settings.ARTICLE3_CACHE_MB * 1024 * 1024)


def _backend(root: Path) -> Backend | None:
    """The S3 backend when ARTICLE3_VAULT=s3; None keeps the vault's own folder (local)."""
    if settings.ARTICLE3_VAULT != "s3":
        return None
    from article3.evidence.vault.s3 import s3_backend  # boto3 is loaded only when it is used

    return s3_backend(settings.ARTICLE3_S3, spool_dir=root / TMP_DIR)


def plain_chunks(sha: str) -> Iterator[bytes]:
    """The file's plaintext, opened only once the consumer starts reading (a response that is
    never sent leaves no open file behind)."""
    yield from vault().iter_plain(sha)


def known_blobs() -> set[str]:
    """Every SHA-256 a database row points at: originals and derived files."""
    from article3.evidence.models import Document

    shas: set[str] = set()
    for original, derived in Document.objects.values_list("original_sha256", "derived_sha256"):
        shas.update(s for s in (original, derived) if s)
    for extra in _other_references():
        shas.update(extra)
    return shas


def _other_references() -> list[set[str]]:
    """Blobs held by other apps (bundle builds, generated documents), registered by name."""
    from django.apps import apps

    found = []
    for model in apps.get_models():
        fields = getattr(model, "VAULT_FIELDS", ())
        if fields:
            for row in model._default_manager.values_list(*fields):
                found.append({s for s in row if s})
    return found


def _fix(report: VerifyReport) -> dict[str, list[str]]:
    """Shred the orphans (they can be originals of purged cases), each re-checked under the hold
    an upload of the same content takes; remove the leftovers of interrupted writes."""
    from article3.evidence.shredding import shred_unreferenced

    orphans = shred_unreferenced(report.orphans)
    leftovers = vault().fix(dataclasses.replace(report, orphans=[])).removed_leftovers
    return {"orphans": orphans, "leftovers": leftovers}


def vault_verify(*, fix: bool) -> dict[str, Any]:
    report = vault().verify_all(known_blobs())
    removed: dict[str, list[str]] = {"orphans": [], "leftovers": []}
    if fix:
        removed = _fix(report)
    damaged = report.mismatched or report.missing
    outstanding = not fix and (report.orphans or report.leftovers)
    summary = (
        f"Vault: {len(report.ok)} files intact, {len(report.mismatched)} damaged, "
        f"{len(report.missing)} missing, {len(report.orphans)} orphaned, "
        f"{len(report.leftovers)} leftovers of interrupted writes"
        + (f"; removed {len(removed['orphans'])} orphans and {len(removed['leftovers'])} leftovers" if fix else "")
        + "."
    )
    return {
        "ok": not damaged and not outstanding,
        "intact": len(report.ok),
        "damaged": report.mismatched,
        "missing": report.missing,
        "orphans": report.orphans,
        "leftovers": report.leftovers,
        "removed": removed,
        "summary": summary,
    }
