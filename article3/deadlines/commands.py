"""`article3 deadlines compute|list|remind`: deadlines from the command line, as the local operator."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

import click
from rich.markup import escape
from rich.table import Table

from article3.cli import FORMAT, ORG, console, deadlines, emit, fail, operator

if TYPE_CHECKING:
    from article3.accounts.models import Organisation
    from article3.deadlines.engine import ComputedDeadline
    from article3.deadlines.models import Deadline


def _organisation(slug: str) -> Organisation:
    from article3.accounts.models import Organisation

    found = Organisation.objects.filter(slug=slug).first()
    if found is not None:
        return found
    fail(f"No organisation '{slug}'. Create it with `article3 org create {slug}`.")
    raise SystemExit(1)  # fail() has exited already


def _day(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        fail(f"'{text}' is not a date: use YYYY-MM-DD, e.g. 2026-06-01.")
        raise  # unreachable: fail() exits


def _status(verified: bool) -> str:
    return "verified" if verified else "[bold red]UNVERIFIED[/bold red]"


def _iso(day: datetime.date | None) -> str:
    return "no fixed limit" if day is None else day.isoformat()


def _show_computed(results: list[ComputedDeadline]) -> None:
    if not results:
        console.print("No rule of this pack applies to this trigger for this case (detained or not).")
        return
    table = Table(title="Deadlines")
    for column in ("rule", "due", "aim for", "filing", "citation", "status", "rule last verified"):
        table.add_column(column)
    for r in results:
        table.add_row(escape(r.label), _iso(r.due), _iso(r.target), r.filing or "", escape(r.citation),
                      _status(r.verified), _iso(r.last_verified))
    console.print(table)
    for r in results:
        console.print(f"\n[bold]{escape(r.label)}[/bold] ({escape(r.rule)}): {_status(r.verified)}")
        if r.aim_reason and r.target is not None:
            console.print(f"  [bold]Aim for {r.target.isoformat()}[/bold], not {_iso(r.due)}: {escape(r.aim_reason)}")
        if r.note:
            console.print(f"  Note: {escape(r.note)}")
        for line in r.trace:
            console.print(f"  {escape(line)}")


@deadlines.command("compute")
@click.option("--forum", required=True, help="The rule pack, e.g. us-eoir.")
@click.option("--trigger", required=True, help="The event, e.g. ij_decision.")
@click.option("--date", "day", required=True, help="The event's date, YYYY-MM-DD.")
@click.option("--service", default=None, help="How the event was served, for triggers that take it.")
@click.option("--detained", is_flag=True, help="The applicant is detained.")
@FORMAT
def compute_command(forum: str, trigger: str, day: str, service: str | None, detained: bool, fmt: str) -> None:
    """Compute the deadlines a trigger starts, with the working."""
    from article3.deadlines.engine import DeadlineError, compute

    date = _day(day)
    try:
        results = compute(forum=forum, trigger=trigger, date=date, service=service, detained=detained)
    except DeadlineError as exc:
        fail(str(exc))
        return
    emit(fmt, {"deadlines": [r.as_json() for r in results]}, lambda: _show_computed(results))


def _listed(d: Deadline, today: datetime.date) -> dict[str, Any]:
    from django.urls import reverse

    return {
        "case": d.case.reference, "rule": d.rule, "label": d.label, "due": d.due, "target": d.target,
        "filing": d.filing or None, "citation": d.citation, "verified": d.verified,
        "days_left": None if d.due is None else (d.due - today).days,
        "overdue": d.due is not None and d.due < today,
        "url": reverse("deadlines_case", kwargs={"case_id": d.case.public_id}),
    }


def _show_list(rows: list[dict[str, Any]], org_slug: str, days: int) -> None:
    if not rows:
        console.print(f"No open deadlines on the open cases of {escape(org_slug)} in the next {days} days.")
        return
    table = Table(title=f"Open deadlines of {escape(org_slug)}, next {days} days")
    for column in ("due", "case", "what", "citation", "status"):
        table.add_column(column)
    for r in rows:
        due = f"[bold red]{r['due']} OVERDUE[/bold red]" if r["overdue"] else str(r["due"])
        table.add_row(due, escape(r["case"]), escape(r["label"]), escape(r["citation"]), _status(r["verified"]))
    console.print(table)


@deadlines.command("list")
@click.option("--days", type=click.IntRange(min=0), default=60, show_default=True,
              help="Due within this many days (overdue ones always show).")
@ORG
@FORMAT
def list_command(days: int, org_slug: str, fmt: str) -> None:
    """List the open deadlines of the organisation's open cases."""
    from django.utils import timezone

    from article3.audit.services import audit_record
    from article3.deadlines.selectors import open_deadlines_for_organisation

    organisation = _organisation(org_slug)
    today = timezone.localdate()
    rows = [_listed(d, today) for d in open_deadlines_for_organisation(organisation=organisation, days=days)]
    audit_record(actor=operator(), action="deadlines.list.exported", organisation_id=organisation.pk,
                 detail={"deadlines": len(rows), "days": days})
    emit(fmt, {"deadlines": rows}, lambda: _show_list(rows, org_slug, days))


def _show_rechecked(rows: list[dict[str, Any]], applied: bool) -> None:
    if not rows:
        console.print("Every open deadline matches the current rule packs.")
        return
    table = Table(title="Open deadlines the current rule packs compute differently")
    for column in ("case", "what", "stored due", "stored aim", "due now", "aim now", "note"):
        table.add_column(column)
    for r in rows:
        table.add_row(escape(r["case"]), escape(r["label"]), r["stored_due"] or "", r["stored_target"] or "",
                      r["due"] or "", r["target"] or "", escape(r["problem"]))
    console.print(table)
    console.print("Updated the deadlines above that the packs still give." if applied
                  else "Nothing changed. Run again with --apply to store the new dates.")


@deadlines.command("recheck")
@click.option("--apply", "apply_changes", is_flag=True, help="Store the new dates (audited); without it, only report.")
@ORG
@FORMAT
def recheck_command(apply_changes: bool, org_slug: str, fmt: str) -> None:
    """Compute the organisation's open deadlines again after a rule-pack correction."""
    from article3.deadlines.selectors import open_deadlines_to_recheck
    from article3.deadlines.services import deadlines_recheck

    organisation = _organisation(org_slug)
    found = deadlines_recheck(actor=operator(), deadlines=open_deadlines_to_recheck(organisation=organisation),
                              apply=apply_changes)
    rows = [r.as_json() for r in found]
    from article3.audit.services import audit_record

    audit_record(actor=operator(), action="deadlines.recheck.exported", organisation_id=organisation.pk,
                 detail={"deadlines": len(rows), "applied": apply_changes})
    emit(fmt, {"applied": apply_changes, "deadlines": rows}, lambda: _show_rechecked(rows, apply_changes))


@deadlines.command("remind")
@click.option("--date", "day", default="", help="Run as if today were this date (YYYY-MM-DD).")
@FORMAT
def remind_command(day: str, fmt: str) -> None:
    """Send today's reminder e-mails and digests once (run it daily from cron)."""
    from django.utils import timezone

    from article3.deadlines.reminders import reminders_deliver

    today = _day(day) if day else timezone.localdate()
    report = reminders_deliver(today=today)
    emit(fmt, {"date": today.isoformat(), **report.as_json()}, lambda: console.print(
        f"{report.reminders} reminder(s) and {report.digests} digest(s) sent to {report.users} user(s) "
        f"for {today.isoformat()}, and {report.removal_alarms} removal alarm(s)."))
