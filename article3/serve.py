"""`article3 run`: everything `make run` needs, then the web server and the task worker together."""

import os
import secrets
import signal
import subprocess
import sys
import time

import click

from article3.cli import cli, operator

ADMIN_EMAIL = "admin@article3.local"


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
    from django_tasks_db.models import DBTaskResult

    from article3.deadlines.tasks import reminders_send

    pending = DBTaskResult.objects.filter(task_path=reminders_send.module_path, status__in=["READY", "RUNNING"])
    if not pending.exists():
        reminders_send.enqueue("", True)


@cli.command("run")
@click.option("--port", type=int, default=lambda: int(os.environ.get("ARTICLE3_PORT", "8000")),
              show_default="8000 or $ARTICLE3_PORT")
@click.option("--no-demo", is_flag=True, help="Do not load the demo case.")
def run(port: int, no_demo: bool) -> None:
    """Prepare the data folder, load the demo case, and serve the app with its worker."""
    from article3.accounts.models import Organisation
    from article3.cases.models import Case
    from article3.demo import demo_load

    organisation = Organisation.objects.get(slug="default")
    if not no_demo and not Case.objects.filter(organisation=organisation).exists():
        demo_load(actor=operator(), organisation=organisation)
        click.echo("Loaded the demo case.")
    reminders_schedule()
    password = local_admin_ensure()
    if password:
        click.echo(f"\n  Local admin created. Sign in as {ADMIN_EMAIL} with password: {password}\n"
                   "  (shown once; change it or create your own account with `article3 user create`)\n")
    serve_with_worker(port)


def serve_with_worker(port: int) -> None:
    python = sys.executable
    worker = subprocess.Popen([python, "-m", "article3", "worker"], start_new_session=True)
    web = subprocess.Popen(
        [python, "-m", "gunicorn", "article3.wsgi", "--bind", f"127.0.0.1:{port}",
         "--workers", "2", "--threads", "4", "--access-logfile", "-"],
        start_new_session=True,
    )
    click.echo(f"Article3 is at http://127.0.0.1:{port}/  (Ctrl-C stops the server and the worker)")
    try:
        while web.poll() is None and worker.poll() is None:
            time.sleep(0.5)
    except KeyboardInterrupt:
        pass
    finally:
        for proc in (web, worker):
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
        for proc in (web, worker):
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)


@cli.command("worker")
def worker() -> None:
    """Run the background task worker (OCR, conversions, bundle builds, feeds, reminders,
    and the nightly retention purge and fixity check)."""
    from django.core.management import call_command

    from article3.schedule import scheduler_start
    from article3.tasks_sweep import tasks_sweep, worker_register

    worker_id, lock = worker_register()  # held while this process lives: the sweep's proof of life
    swept = tasks_sweep()
    if swept.requeued or swept.failed:
        click.echo(f"Tasks interrupted when a worker stopped: {len(swept.requeued)} queued again, "
                   f"{len(swept.failed)} marked failed.")
    stop = scheduler_start()
    try:
        # No autoreload: reloading kills the task that is running, and runs a second worker
        # process under another id.
        call_command("db_worker", worker_id=worker_id, reload=False)
    finally:
        stop.set()
        lock.close()


@cli.command("manage", context_settings={"ignore_unknown_options": True, "allow_extra_args": True})
@click.argument("args", nargs=-1, type=click.UNPROCESSED)
def manage(args: tuple[str, ...]) -> None:
    """Run a Django management command (for operators: migrate, check --deploy, ...)."""
    from django.core.management import execute_from_command_line

    execute_from_command_line(["article3 manage", *args])
