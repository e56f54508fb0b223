"""The instance's vault, and which blobs the database knows about."""

import functools
from collections.abc import Iterator
from typing import Any

from article3 import datadir
from article3.evidence.vault import Vault


@functools.cache
def vault() -> Vault:
    return Vault(root=datadir.root() / "vault", key=datadir.instance_key())


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


def vault_verify(*, fix: bool) -> dict[str, Any]:
    report = vault().verify_all(known_blobs())
    removed: dict[str, list[str]] = {"orphans": [], "leftovers": []}
    if fix:
        result = vault().fix(report)
        removed = {"orphans": result.removed_orphans, "leftovers": result.removed_leftovers}
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
