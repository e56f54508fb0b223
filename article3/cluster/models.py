from django.db import models


class NightlyRun(models.Model):
    """When a nightly job was last queued, for the whole installation (see `article3.schedule`).

    The row is locked while a scheduler decides, so that two hosts never queue the same night twice.
    """

    name = models.CharField(max_length=40, unique=True)
    last_run = models.DateTimeField(null=True)

    def __str__(self) -> str:
        return self.name
