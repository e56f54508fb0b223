"""Background work of the library: polling the feeds.

`poll_feeds` runs on the task worker; schedule it every half hour (cron calling
`article3 coi poll`, or any scheduler that enqueues the task). It re-enqueues itself when the
backend can run tasks later, so one enqueue keeps the feeds watched.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone
from django_tasks import default_task_backend, task

POLL_EVERY = datetime.timedelta(minutes=30)


@task()
def poll_feeds(organisation_id: int | None = None, repeat: bool = False) -> dict[str, Any]:
    """Poll the active feeds (of one organisation, or all); returns counts, never feed content."""
    from article3.accounts.models import Organisation
    from article3.coi.feeds import sources_poll

    organisation = Organisation.objects.filter(pk=organisation_id).first() if organisation_id else None
    results = sources_poll(organisation=organisation)
    if repeat and default_task_backend.supports_defer:
        poll_feeds.using(run_after=timezone.now() + POLL_EVERY).enqueue(organisation_id, repeat)
    return {
        "sources": len(results),
        "errors": sum(1 for r in results if r.status == "error"),
        "new_reports": sum(r.new_reports for r in results),
        "alerts": sum(r.alerts for r in results),
    }


@task()
def import_report(job_id: int) -> str:
    """Read a report handed in on the library's import page (see services.report_import_request)."""
    from article3.coi.models import ReportImport
    from article3.coi.services import report_import_run

    job = ReportImport.objects.filter(pk=job_id).select_related("organisation").first()
    if job is None:
        return "gone"
    return report_import_run(job=job).status
