"""`article3 deadlines compute|list|remind`: deadlines from the command line, as the local operator."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

import click
from django.utils.translation import gettext, ngettext
from rich.markup import escape
from rich.table import Table

from article3.cli import FORMAT, ORG, _, console, deadlines, emit, fail, no_organisation, operator

if TYPE_CHECKING:
    from article3.accounts.models import Organisation
    from article3.deadlines.engine import ComputedDeadline
    from article3.deadlines.models import Deadline


def _organisation(slug: str) -> Organisation:
    from article3.accounts.models import Organisation

    found = Organisation.objects.filter(slug=slug).first()
    if found is not None:
        return found
    fail(no_organisation(slug))
    raise SystemExit(1)  # fail() has exited already


def _day(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        fail(gettext("'%(text)s' is not a date: use YYYY-MM-DD, e.g. 2026-06-01.") % {"text": text})
        raise  # unreachable: fail() exits


def _status(verified: bool) -> str:
    return escape(gettext("verified")) if verified else f"[bold red]{escape(gettext('UNVERIFIED'))}[/bold red]"


def _iso(day: datetime.date | None) -> str:
    return gettext("no fixed limit") if day is None else day.isoformat()


def _show_computed(results: list[ComputedDeadline]) -> None:
    if not results:
        console.print(escape(gettext("No rule of this pack applies to this trigger for this case (detained or "
                                     "not).")))
        return
    table = Table(title=escape(gettext("Deadlines")))
    for column in (gettext("rule"), gettext("due"), gettext("aim for"), gettext("filing"), gettext("citation"),
                   gettext("status"), gettext("rule last verified")):
        table.add_column(escape(column))
    for r in results:
        table.add_row(escape(r.label), _iso(r.due), _iso(r.target), r.filing or "", escape(r.citation),
                      _status(r.verified), _iso(r.last_verified))
    console.print(table)
    for r in results:
        console.print(f"\n[bold]{escape(r.label)}[/bold] ({escape(r.rule)}): {_status(r.verified)}")
        if r.aim_reason and r.target is not None:
            aim = gettext("Aim for %(target)s") % {"target": r.target.isoformat()}
            why = gettext("not %(due)s: %(reason)s") % {"due": _iso(r.due), "reason": r.aim_reason}
            console.print(f"  [bold]{escape(aim)}[/bold], {escape(why)}")
        if r.note:
            console.print("  " + escape(gettext("Note: %(note)s") % {"note": r.note}))
        for line in r.trace:
            console.print(f"  {escape(line)}")


@deadlines.command("compute", help=_("Compute the deadlines an event starts, showing how each was worked out."))
@click.option("--forum", required=True, help=_("The forum's rule pack, e.g. us-eoir."))
@click.option("--trigger", required=True, help=_("The event that starts the deadlines, e.g. ij_decision."))
@click.option("--date", "day", required=True, help=_("The event's date, YYYY-MM-DD."))
@click.option("--service", default=None, help=_("How the event was served, for events that take it."))
@click.option("--detained", is_flag=True, help=_("The applicant is detained."))
@FORMAT
def compute_command(forum: str, trigger: str, day: str, service: str | None, detained: bool, fmt: str) -> None:
    from article3.deadlines.engine import DeadlineError, compute

    date = _day(day)
    try:
        results = compute(forum=forum, trigger=trigger, date=date, service=service, detained=detained)
    except DeadlineError as exc:
        fail(exc.said.text())
        return
    emit(fmt, {"deadlines": [r.as_json() for r in results]}, lambda: _show_computed(results))


def _listed(d: Deadline, today: datetime.date) -> dict[str, Any]:
    from django.urls import reverse

    return {
        "case": d.case.reference, "rule": d.rule, "label": d.label, "due": d.due, "target": d.target,
        "filing": d.filing or None, "citation": d.citation, "verified": d.verified,
        "days_left": None if d.due is None else (d.due - today).days,
        "overdue": d.due is not None and d.due < today,
        # From the deadlines' own routes (the site includes them at its root): the whole site's would
        # import the translation review's views.
        "url": reverse("deadlines_case", urlconf="article3.deadlines.urls", kwargs={"case_id": d.case.public_id}),
    }


def _show_list(rows: list[dict[str, Any]], org_slug: str, days: int) -> None:
    if not rows:
        console.print(escape(ngettext("No open deadlines on the open cases of %(org)s in the next %(days)d day.",
                                      "No open deadlines on the open cases of %(org)s in the next %(days)d days.",
                                      days) % {"org": org_slug, "days": days}))
        return
    table = Table(title=escape(ngettext("Open deadlines of %(org)s, next %(days)d day",
                                       "Open deadlines of %(org)s, next %(days)d days", days)
                               % {"org": org_slug, "days": days}))
    for column in (gettext("due"), gettext("case"), gettext("what"), gettext("citation"), gettext("status")):
        table.add_column(escape(column))
    for r in rows:
        overdue = escape(gettext("%(due)s OVERDUE") % {"due": r["due"]})
        due = f"[bold red]{overdue}[/bold red]" if r["overdue"] else str(r["due"])
        table.add_row(due, escape(r["case"]), escape(r["label"]), escape(r["citation"]), _status(r["verified"]))
    console.print(table)


@deadlines.command("list", help=_("List the open deadlines of the organisation's open cases."))
@click.option("--days", type=click.IntRange(min=0), default=60, show_default=True,
              help=_("Due within this many days (overdue ones always show)."))
@ORG
@FORMAT
def list_command(days: int, org_slug: str, fmt: str) -> None:
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
        console.print(escape(gettext("Every open deadline matches the current rule packs.")))
        return
    table = Table(title=escape(gettext("Open deadlines the current rule packs compute differently")))
    for column in (gettext("case"), gettext("what"), gettext("stored due"), gettext("stored aim"),
                   gettext("due now"), gettext("aim now"), gettext("note")):
        table.add_column(escape(column))
    for r in rows:
        table.add_row(escape(r["case"]), escape(r["label"]), r["stored_due"] or "", r["stored_target"] or "",
                      r["due"] or "", r["target"] or "", escape(r["problem"]))
    console.print(table)
    console.print(escape(gettext("Updated the deadlines above that the packs still give.") if applied
                         else gettext("Nothing changed. Run again with --apply to store the new dates.")))


@deadlines.command("recheck", help=_("Compute the organisation's open deadlines again after a rule-pack correction."))
@click.option("--apply", "apply_changes", is_flag=True,
              help=_("Store the new dates (audited); without it, only report."))
@ORG
@FORMAT
def recheck_command(apply_changes: bool, org_slug: str, fmt: str) -> None:
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


@deadlines.command("remind", help=_("Send today's reminder e-mails and digests once (run it daily from cron)."))
@click.option("--date", "day", default="", help=_("Run as if today were this date (YYYY-MM-DD)."))
@FORMAT
def remind_command(day: str, fmt: str) -> None:
    from django.utils import timezone

    from article3.deadlines.reminders import reminders_deliver

    today = _day(day) if day else timezone.localdate()
    report = reminders_deliver(today=today)
    emit(fmt, {"date": today.isoformat(), **report.as_json()}, lambda: console.print(escape(_reminded(report, today))))


def _reminded(report: Any, today: datetime.date) -> str:
    return gettext("For %(date)s: %(reminders)s and %(digests)s sent to %(people)s; %(alarms)s.") % {
        "date": today.isoformat(),
        "reminders": ngettext("%(count)d reminder", "%(count)d reminders", report.reminders)
        % {"count": report.reminders},
        "digests": ngettext("%(count)d digest", "%(count)d digests", report.digests) % {"count": report.digests},
        "people": ngettext("%(count)d person", "%(count)d people", report.users) % {"count": report.users},
        "alarms": ngettext("%(count)d removal alarm", "%(count)d removal alarms", report.removal_alarms)
        % {"count": report.removal_alarms}}
