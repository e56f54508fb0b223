"""`article3 case update REF --removal-date ...` and `article3 case emergency REF`: the removal and its
urgent steps from the command line, as the local operator."""

from __future__ import annotations

import datetime
from typing import Any

import click

from article3.cli import FORMAT, ORG, case, case_by_reference, emit, fail, operator, table


@case.command("update")
@click.argument("reference")
@click.option("--removal-date", default="", help="Planned removal date (YYYY-MM-DD).")
@click.option("--identifier", default=None, help="The applicant's number with the forum (A-number, UCI...).")
@ORG
@FORMAT
def case_update_command(reference: str, removal_date: str, identifier: str | None, org_slug: str, fmt: str) -> None:
    """Record or change the case's planned removal and the applicant's number with the forum."""
    from article3.errors import DomainError, StaleEdit
    from article3.remedies.services import removal_set

    found = case_by_reference(org_slug, reference)
    changes: dict[str, Any] = {}
    if removal_date:
        try:
            changes["removal_date"] = datetime.date.fromisoformat(removal_date)
        except ValueError:
            fail(f"--removal-date takes a date as YYYY-MM-DD, e.g. 2026-12-20; got '{removal_date}'.", code=2)
    if identifier is not None:
        changes["identifier"] = identifier
    if not changes:
        fail("Give --removal-date, --identifier or both.", code=2)
    try:
        removal = removal_set(actor=operator(), case=found, changes=changes)
    except (DomainError, StaleEdit) as exc:
        fail(str(exc))
        return
    emit(fmt, {"reference": reference, "removal_date": removal.removal_date.isoformat(),
               "identifier_recorded": bool(removal.identifier)},
         lambda: click.echo(f"Removal of {reference} recorded for {removal.removal_date.isoformat()}."))


@case.command("emergency")
@click.argument("reference")
@ORG
@FORMAT
def case_emergency_command(reference: str, org_slug: str, fmt: str) -> None:
    """Whether the case's removal raises the alarm, and the forum's urgent steps."""
    from django.utils import timezone

    from article3.audit.services import audit_record
    from article3.remedies.selectors import emergency_for_case

    found = case_by_reference(org_slug, reference)
    panel = emergency_for_case(case=found, today=timezone.localdate())
    audit_record(actor=operator(), action="remedies.emergency.read", object_key=str(found.public_id),
                 organisation_id=found.organisation_id, case_id=found.pk)
    options = [{"kind": o.kind, "label": o.label, "citation": o.source.citation, "verified": o.source.verified}
               for o in panel.options]
    data = {"alarm": panel.alarm,
            "removal_date": panel.removal.removal_date.isoformat() if panel.removal else None,
            "days_left": panel.days_left, "options": options}

    def render() -> None:
        if panel.removal is None:
            click.echo(f"No removal is recorded for {reference}.")
        else:
            alarm = "ALARM: " if panel.alarm else ""
            click.echo(f"{alarm}removal of {reference} on {data['removal_date']}, in {panel.days_left} day(s).")
        table(f"Urgent steps for {reference}", ["step", "source", "verified"],
              [(o["label"], o["citation"], "yes" if o["verified"] else "no (unverified)") for o in options])

    emit(fmt, data, render)
