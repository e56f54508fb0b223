"""`article3 verify` for the vault: every blob re-hashed, orphans and leftovers found.

`fixity_task` is the nightly re-hash (queued by the worker's scheduler, see `article3.schedule`):
it only reports, never fixes, and leaves an audit record with the counts and the hashes of any
damaged or missing file (hashes name no one).
"""

import logging
from typing import Any

from django.db import transaction
from django_tasks import task

logger = logging.getLogger(__name__)


def integrity_check(*, fix: bool) -> dict[str, Any]:
    from article3.evidence.storage import vault_verify

    return vault_verify(fix=fix)


@task()
def fixity_task() -> dict[str, Any]:
    """Re-hash every file in the vault against the hashes the database knows (D1)."""
    from article3.audit.services import audit_record

    report = integrity_check(fix=False)
    detail = {"intact": report["intact"], "damaged": report["damaged"], "missing": report["missing"],
              "orphans": len(report["orphans"]), "leftovers": len(report["leftovers"])}
    with transaction.atomic():
        audit_record(actor="system", action="integrity.fixity.checked", detail=detail)
    if report["damaged"] or report["missing"]:
        logger.error("Fixity check: %d damaged and %d missing vault files", len(report["damaged"]),
                     len(report["missing"]))
    return detail
