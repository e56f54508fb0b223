"""Queueing background work so that it commits together with the record it works on."""

from typing import Any

from django.db import transaction
from django_tasks.base import Task
from django_tasks_db.backend import DatabaseBackend


def enqueue_with_transaction(task: Task[Any, Any], *args: Any) -> None:
    """Queue `task` as part of the current transaction where the backend allows it.

    The database backend writes the task row through the same connection, so the record (a
    document, a build) and the task that processes it commit together: a process killed right
    after the commit cannot leave a record that nothing will ever process. Any other backend
    (the immediate one in tests, a broker) runs or sends the task at once, so it waits for the
    commit, as it must not see a record that may still roll back.
    """
    if isinstance(task.get_backend(), DatabaseBackend):
        task.enqueue(*args)
    else:
        transaction.on_commit(lambda: task.enqueue(*args))


def task_pending(task: Task[Any, Any], first_arg: object = None) -> bool:
    """Whether a run of `task` (with that first argument, if given) is queued, scheduled or running:
    in Redis with RQ, otherwise in the database's task table."""
    own = getattr(task.get_backend(), "task_pending", None)  # article3.rqtasks.RQBackend's
    if own is not None:
        return bool(own(task.module_path, first_arg))
    from django_tasks_db.models import DBTaskResult

    rows = DBTaskResult.objects.filter(task_path=task.module_path, status__in=["READY", "RUNNING"])
    return (rows if first_arg is None else rows.filter(args_kwargs__args__0=first_arg)).exists()
