"""Retention: closed cases are purged once their organisation's retention period has passed.

An organisation sets `retention_days_after_close`; a case closed longer ago than that is
deleted with everything that belongs to it, and its files are crypto-shredded (their wrapped
data keys overwritten, then the files deleted) unless another record still uses the same
file. One audit record per case says what went (ids and counts, never names or text), who
purged it and when.

The worker queues `retention_purge_task` every night by itself (see `article3.schedule`);
`article3 retention purge` runs it by hand.
"""

import datetime
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from article3.accounts.models import Organisation
from article3.audit.services import Actor, audit_record
from article3.cases.models import Case, Stage
from article3.errors import DomainError
from article3.evidence.storage import known_blobs


@dataclass(frozen=True)
class Purged:
    case_id: int
    public_id: str
    organisation_id: int
    closed_at: datetime.datetime | None
    rows: dict[str, int]
    files_shredded: int

    def as_json(self) -> dict[str, Any]:
        closed = self.closed_at.isoformat() if self.closed_at else None
        return {"case_id": self.case_id, "public_id": self.public_id, "organisation_id": self.organisation_id,
                "closed_at": closed, "rows": self.rows, "files_shredded": self.files_shredded}


@transaction.atomic
def retention_period_set(*, actor: Actor, organisation: Organisation, days: int | None) -> Organisation:
    """How many days closed cases are kept (None: kept until someone deletes them)."""
    if days is not None and days < 1:
        raise DomainError("Keep closed cases at least one day, or switch retention off.")
    Organisation.objects.filter(pk=organisation.pk).update(retention_days_after_close=days)
    organisation.refresh_from_db()
    audit_record(actor=actor, action="retention.period.set", obj=organisation, organisation_id=organisation.pk,
                 detail={"days": days})
    return organisation


def cases_due(*, now: datetime.datetime | None = None) -> list[Case]:
    """Closed cases whose organisation's retention period after closing has run out."""
    now = now or timezone.now()
    closed = (Case.objects.filter(stage=Stage.CLOSED, closed_at__isnull=False,
                                  organisation__retention_days_after_close__isnull=False)
              .select_related("organisation").order_by("closed_at", "pk"))
    return [case for case in closed if _expired(case, now)]


def _expired(case: Case, now: datetime.datetime) -> bool:
    days = case.organisation.retention_days_after_close
    return case.closed_at is not None and days is not None and case.closed_at + datetime.timedelta(days=days) < now


def retention_purge(*, actor: Actor, dry_run: bool = False, now: datetime.datetime | None = None) -> list[Purged]:
    """Purge every case that is due (or, with dry_run, say which would go and what they hold)."""
    return [case_purge(actor=actor, case=case, dry_run=dry_run) for case in cases_due(now=now)]


def case_purge(*, actor: Actor, case: Case, dry_run: bool = False) -> Purged:
    """Delete the case and everything under it; shred its files once the deletion has committed.

    A dry run deletes inside a transaction it then rolls back, so its counts are exact.
    """
    with transaction.atomic():
        case = Case.objects.select_for_update().select_related("organisation").get(pk=case.pk)
        pk, public_id, closed_at = case.pk, str(case.public_id), case.closed_at
        # Every vault file some row named before the deletion and none names after it: the case's
        # originals, previous originals, derived PDFs, bundles and generated drafts alike.
        before = known_blobs()
        _, deleted = case.delete()
        rows = {label.lower(): n for label, n in sorted(deleted.items()) if n}
        unused = sorted(before - known_blobs())
        if dry_run:
            transaction.set_rollback(True)
        else:
            audit_record(actor=actor, action="retention.case.purged", object_key=public_id,
                         organisation_id=case.organisation_id, case_id=pk,
                         detail={"rows": rows, "files_shredded": len(unused),
                                 "closed_at": closed_at.isoformat() if closed_at else None,
                                 "retention_days": case.organisation.retention_days_after_close})
            transaction.on_commit(lambda: _shred(unused))
    return Purged(case_id=pk, public_id=public_id, organisation_id=case.organisation_id, closed_at=closed_at,
                  rows=rows, files_shredded=len(unused))


def _shred(shas: list[str]) -> None:
    # Re-checked blob by blob under the hold an upload of the same content takes: a file
    # uploaded again into another case since the purge committed stays (see evidence.shredding).
    from article3.evidence.shredding import shred_unreferenced

    shred_unreferenced(shas)


@task()
def retention_purge_task(repeat: bool = False) -> dict[str, Any]:
    """The nightly purge, as the `system` actor. Returns ids and counts only.

    `repeat` is ignored: the worker's scheduler queues the purge each night now, and the
    parameter stays so that runs queued by earlier versions (which repeated themselves) still run.
    """
    purged = retention_purge(actor="system")
    return {"purged": [p.case_id for p in purged], "files_shredded": sum(p.files_shredded for p in purged)}
