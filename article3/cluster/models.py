from django.db import models
from django.utils import timezone


class NightlyRun(models.Model):
    """When a nightly job was last queued, for the whole installation (see `article3.schedule`).

    The row is locked while a scheduler decides, so that two hosts never queue the same night twice.
    """

    name = models.CharField(max_length=40, unique=True)
    last_run = models.DateTimeField(null=True)

    def __str__(self) -> str:
        return self.name


class PendingJob(models.Model):
    """A job whose record has committed and that may not be in the task queue yet (Redis only).

    It is written in the record's transaction and deleted once the job is in the queue; a process
    killed between the two leaves it here, and a worker sends it (`article3.tasking.pending_jobs_send`).
    Arguments are record ids only.
    """

    task_path = models.CharField(max_length=200)
    args = models.JSONField(default=list)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    def __str__(self) -> str:
        return self.task_path
