"""Background work of the deadlines app: the daily reminders.

Run `reminders_send` once a day: from cron calling `article3 deadlines remind`, or by enqueuing
the task with `repeat=True` once, which re-enqueues itself for the next morning when the task
backend can run tasks later.
"""

from __future__ import annotations

import datetime

from django.utils import timezone
from django_tasks import default_task_backend, task

RUN_AT_HOUR = 6  # local time of day for the next run, when the task repeats itself


def _next_morning(now: datetime.datetime) -> datetime.datetime:
    local = timezone.localtime(now)
    tomorrow = local.date() + datetime.timedelta(days=1)
    return datetime.datetime.combine(tomorrow, datetime.time(RUN_AT_HOUR), tzinfo=local.tzinfo)


@task()
def reminders_send(today: str = "", repeat: bool = False) -> dict[str, int]:
    """Send the day's reminders and digests (`today` as YYYY-MM-DD; empty for today). Returns counts."""
    from article3.deadlines.reminders import reminders_deliver

    day = datetime.date.fromisoformat(today) if today else timezone.localdate()
    report = reminders_deliver(today=day)
    if repeat and default_task_backend.supports_defer:
        reminders_send.using(run_after=_next_morning(timezone.now())).enqueue("", True)
    return report.as_json()
