"""`article3 verify` for the vault: every blob re-hashed, orphans and leftovers found.

`fixity_task` is the nightly re-hash (queued by the worker's scheduler, see `article3.schedule`):
it only reports, never fixes, and leaves an audit record with the counts and the hashes of any
damaged or missing file (hashes name no one).
"""

import logging
from typing import Any

from django.db import transaction
from django_tasks import TaskContext, task

logger = logging.getLogger(__name__)


def integrity_check(*, fix: bool) -> dict[str, Any]:
    from article3.evidence.storage import vault_verify

    return vault_verify(fix=fix)


@task(takes_context=True)
def fixity_task(context: TaskContext) -> dict[str, Any]:
    """Re-hash every file in the vault against the hashes the database knows (D1).

    A second delivery of the same run (a queue delivers at least once) finds its record and
    returns it, so the log holds one record per nightly run.
    """
    from article3.audit.models import AuditEntry
    from article3.audit.services import audit_record

    run = context.task_result.id
    earlier = AuditEntry.objects.filter(action="integrity.fixity.checked", detail__run=run).first()
    if earlier is not None:
        return dict(earlier.detail)
    report = integrity_check(fix=False)
    detail = {"intact": report["intact"], "damaged": report["damaged"], "missing": report["missing"],
              "orphans": len(report["orphans"]), "leftovers": len(report["leftovers"]), "run": run}
    with transaction.atomic():
        audit_record(actor="system", action="integrity.fixity.checked", detail=detail)
    if report["damaged"] or report["missing"]:
        logger.error("Fixity check: %d damaged and %d missing vault files", len(report["damaged"]),
                     len(report["missing"]))
    return detail
