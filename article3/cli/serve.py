"""`article3 run`: everything `make run` needs, then the web server and the task worker together."""

import logging
import os
import secrets
import signal
import subprocess
import sys
import time
from collections.abc import Callable

import click
from django.utils.translation import gettext

from article3.cli import _, cli, operator

ADMIN_EMAIL = "admin@article3.local"
logger = logging.getLogger("article3.serve")


def local_admin_ensure() -> str | None:
    """Create the local admin on first run; return its new password (shown once), else None."""
    from django.contrib.auth import get_user_model

    from article3.accounts.models import Organisation
    from article3.accounts.services import user_create

    if get_user_model().objects.filter(username=ADMIN_EMAIL).exists():
        return None
    password = secrets.token_urlsafe(12)
    organisation = Organisation.objects.get(slug="default")
    user_create(actor=operator(), organisation=organisation, email=ADMIN_EMAIL, role="admin", password=password)
    return password


def reminders_schedule() -> None:
    """Queue the daily reminders once; the task queues its next run itself."""
    from article3.deadlines.tasks import reminders_send
    from article3.tasking import task_pending

    if not task_pending(reminders_send):
        reminders_send.enqueue("", True)


@cli.command("run", help=_("Prepare the data folder, load the demo case, and serve the app with its worker."))
@click.option("--port", type=int, default=lambda: int(os.environ.get("ARTICLE3_PORT", "8000")),
              show_default=str(_("8000 or $ARTICLE3_PORT")), help=_("The port to serve on, on 127.0.0.1."))
@click.option("--no-demo", is_flag=True, help=_("Do not load the demo case."))
def run(port: int, no_demo: bool) -> None:
    from article3.accounts.models import Organisation
    from article3.cases.models import Case
    from article3.demo import demo_load

    organisation = Organisation.objects.get(slug="default")
    if not no_demo and not Case.objects.filter(organisation=organisation).exists():
        demo_load(actor=operator(), organisation=organisation)
        click.echo(gettext("Loaded the demo case."))
    reminders_schedule()
    password = local_admin_ensure()
    if password:
        site = f"http://127.0.0.1:{port}"
        click.echo("\n" + gettext(
            "  Local admin created. Sign in as %(email)s with password: %(password)s\n"
            "  (shown once; change it at %(site)s/accounts/password/ and invite colleagues at %(site)s/org/users/)")
            % {"email": ADMIN_EMAIL, "password": password, "site": site} + "\n")
    serve_with_worker(port)


def serve_with_worker(port: int) -> None:
    python = sys.executable
    os.environ["ARTICLE3_PORT"] = str(port)  # the children's links (settings.SITE_URL) follow --port
    web = subprocess.Popen(
        [python, "-m", "gunicorn", "article3.wsgi", "--bind", f"127.0.0.1:{port}",
         "--workers", "2", "--threads", "4", "--access-logfile", "-"],
        start_new_session=True,
    )
    click.echo(gettext("Article3 is at %(address)s  (Ctrl-C stops the server and the worker)")
               % {"address": f"http://127.0.0.1:{port}/"})
    supervise(web=web, start_worker=lambda: subprocess.Popen([python, "-m", "article3", "worker"],
                                                             start_new_session=True))


Proc = subprocess.Popen[bytes]
RESTART_PAUSES = (1.0, 2.0, 5.0, 10.0, 30.0)  # after the 1st, 2nd... death in a row; then every 30 s


def supervise(*, web: Proc, start_worker: Callable[[], Proc], poll: float = 0.5,
              pauses: tuple[float, ...] = RESTART_PAUSES) -> int:
    """Keep the web server and the worker running until the web server stops (or Ctrl-C): a worker
    that dies is started again, after a pause that grows while it keeps dying, and each restart is
    logged. Returns how many times the worker was restarted."""
    worker, restarts, in_a_row, alive_since = start_worker(), 0, 0, time.monotonic()
    try:
        while web.poll() is None:
            code = worker.poll()
            if code is not None:
                in_a_row = 0 if time.monotonic() - alive_since > 600 else in_a_row
                pause = pauses[min(in_a_row, len(pauses) - 1)]
                logger.warning("The task worker stopped (exit code %s); starting it again in %.0f s", code, pause)
                click.echo(gettext("The task worker stopped (exit code %(code)s); starting it again in "
                                   "%(seconds).0f s.") % {"code": code, "seconds": pause}, err=True)
                time.sleep(pause)
                worker, restarts, in_a_row, alive_since = start_worker(), restarts + 1, in_a_row + 1, time.monotonic()
            time.sleep(poll)
    except KeyboardInterrupt:
        pass
    finally:
        _stop(web, worker)
    return restarts


def _stop(*procs: Proc) -> None:
    for proc in procs:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
    for proc in procs:
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)


def worker_run(worker_id: str, *, run: Callable[[], object], sleep: Callable[[float], None] = time.sleep,
               pauses: tuple[float, ...] = RESTART_PAUSES, recover: Callable[[], None] | None = None) -> int:
    """Run the task worker; a database that is locked or unreachable makes it wait and carry on, never exit.

    The task that was running when the database failed is settled as interrupted (queued again
    once), since this worker's lock still says it is alive. Returns how many times it waited.
    """
    from django.db import OperationalError

    waits = 0
    while True:
        started = time.monotonic()
        try:
            run()
            return waits
        except OperationalError as exc:
            if time.monotonic() - started > 600:
                waits = 0  # it had been working: start the pauses again from the shortest
            pause = pauses[min(waits, len(pauses) - 1)]
            logger.warning("The database could not be used (%s); the worker waits %.0f s and carries on",
                           type(exc).__name__, pause)
            sleep(pause)
            waits += 1
            (recover or (lambda: _recover(worker_id)))()


def _recover(worker_id: str) -> None:
    """Fresh connections, and this worker's own interrupted task queued again."""
    import contextlib

    from django.db import OperationalError, connections

    from article3.tasks_sweep import tasks_sweep, worker_alive

    connections.close_all()
    with contextlib.suppress(OperationalError):  # still busy: the next wait tries again
        tasks_sweep(alive=lambda other: other != worker_id and worker_alive(other))


@cli.command("worker", help=_("Run the background task worker (OCR, conversions, bundle builds, feeds, reminders, "
                               "and the nightly retention purge and fixity check)."))
def worker() -> None:
    from django.core.management import call_command

    from article3.schedule import scheduler_start
    from article3.tasks_sweep import distributed, documents_sweep, tasks_sweep, worker_register

    if distributed():
        _worker_rq()
        return
    worker_id, lock = worker_register()  # held while this process lives: the sweep's proof of life
    swept = tasks_sweep()
    if swept.requeued or swept.failed:
        click.echo(gettext("Tasks interrupted when a worker stopped: %(requeued)d queued again, %(failed)d marked "
                           "failed.") % {"requeued": len(swept.requeued), "failed": len(swept.failed)})
    documents = documents_sweep()
    if documents.requeued or documents.failed:
        click.echo(_documents_swept(len(documents.requeued), len(documents.failed)))
    stop = scheduler_start()
    try:
        # No autoreload: reloading kills the task that is running, and runs a second worker
        # process under another id.
        worker_run(worker_id, run=lambda: call_command("db_worker", worker_id=worker_id, reload=False))
    finally:
        stop.set()
        lock.close()


def _documents_swept(requeued: int, failed: int) -> str:
    return gettext("Documents left half-converted by a stopped command: %(requeued)d queued again, %(failed)d "
                   "marked failed.") % {"requeued": requeued, "failed": failed}


def _worker_rq() -> None:
    """An RQ worker (ARTICLE3_TASKS=redis://…): RQ itself queues again what a dead worker left."""
    from article3 import rqtasks
    from article3.tasks_sweep import documents_sweep

    documents = documents_sweep()
    if documents.requeued or documents.failed:
        click.echo(_documents_swept(len(documents.requeued), len(documents.failed)))
    rqtasks.worker_run()  # it checks for the nightly jobs itself, between jobs


@cli.command("manage", context_settings={"ignore_unknown_options": True, "allow_extra_args": True},
             help=_("Run a Django management command (for operators: migrate, check --deploy, ...)."))
@click.argument("args", nargs=-1, type=click.UNPROCESSED)
def manage(args: tuple[str, ...]) -> None:
    from django.core.management import execute_from_command_line

    execute_from_command_line(["article3 manage", *args])
