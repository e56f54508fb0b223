"""The daily log line with the audit chain's head (queued by the worker's scheduler, see `article3.schedule`)."""

from typing import Any

from django_tasks import task


@task()
def audit_head_task() -> dict[str, Any]:
    """Print the head to the log and the anchor file, so a later `verify --head` can catch a cut log."""
    from article3.audit.services import head_publish

    seq, digest = head_publish()
    return {"seq": seq, "hash": digest}
