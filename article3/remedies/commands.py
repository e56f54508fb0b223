"""`article3 case update REF --removal-date ...` and `article3 case emergency REF`: the removal and its
urgent steps from the command line, as the local operator."""

from __future__ import annotations

import datetime
from typing import Any

import click
from django.utils.translation import gettext, ngettext

from article3.cli import FORMAT, ORG, _, case, case_by_reference, emit, fail, operator, table


@case.command("update", help=_("Record or change the case's planned removal and the applicant's number with the "
                                "forum."))
@click.argument("reference")
@click.option("--removal-date", default="", help=_("Planned removal date (YYYY-MM-DD)."))
@click.option("--identifier", default=None, help=_("The applicant's number with the forum (A-number, UCI...)."))
@ORG
@FORMAT
def case_update_command(reference: str, removal_date: str, identifier: str | None, org_slug: str, fmt: str) -> None:
    from article3.errors import DomainError, StaleEdit
    from article3.remedies.services import removal_set

    found = case_by_reference(org_slug, reference)
    changes: dict[str, Any] = {}
    if removal_date:
        try:
            changes["removal_date"] = datetime.date.fromisoformat(removal_date)
        except ValueError:
            fail(gettext("--removal-date takes a date as YYYY-MM-DD, e.g. 2026-12-20; got '%(text)s'.")
                 % {"text": removal_date}, code=2)
    if identifier is not None:
        changes["identifier"] = identifier
    if not changes:
        fail(gettext("Give --removal-date, --identifier or both."), code=2)
    try:
        removal = removal_set(actor=operator(), case=found, changes=changes)
    except (DomainError, StaleEdit) as exc:
        fail(str(exc))
        return
    emit(fmt, {"reference": reference, "removal_date": removal.removal_date.isoformat(),
               "identifier_recorded": bool(removal.identifier)},
         lambda: click.echo(gettext("Removal of %(reference)s recorded for %(date)s.")
                            % {"reference": reference, "date": removal.removal_date.isoformat()}))


@case.command("emergency", help=_("Whether the case's removal raises the alarm, and the forum's urgent steps."))
@click.argument("reference")
@ORG
@FORMAT
def case_emergency_command(reference: str, org_slug: str, fmt: str) -> None:
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
            click.echo(gettext("No removal is recorded for %(reference)s.") % {"reference": reference})
        else:
            days = panel.days_left or 0  # set whenever a removal is
            said = (ngettext("ALARM: removal of %(reference)s on %(date)s, in %(days)d day.",
                             "ALARM: removal of %(reference)s on %(date)s, in %(days)d days.", days) if panel.alarm
                    else ngettext("Removal of %(reference)s on %(date)s, in %(days)d day.",
                                  "Removal of %(reference)s on %(date)s, in %(days)d days.", days))
            click.echo(said % {"reference": reference, "date": data["removal_date"], "days": days})
        table(gettext("Urgent steps for %(reference)s") % {"reference": reference},
              [gettext("step"), gettext("source"), gettext("verified")],
              [(o["label"], o["citation"], gettext("yes") if o["verified"] else gettext("no (unverified)"))
               for o in options])

    emit(fmt, data, render)
