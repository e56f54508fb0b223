"""`article3 case check REF`: the gap report of one case, as the web shows it."""

from typing import Any

import click
from django.utils.translation import gettext

from article3.cli import FORMAT, ORG, _, case, case_by_reference, emit, operator, table


@case.command("check", help=_("Report the case's gaps: unsupported elements, stale or untranslated evidence, "
                              "chronology conflicts.\n\n"
                              "Exits 0 even when there are findings (it is a report); 1 when the case does not "
                              "exist."))
@click.argument("reference")
@ORG
@FORMAT
def case_check(reference: str, org_slug: str, fmt: str) -> None:
    from article3.claims.services import gap_report_check

    report = gap_report_check(actor=operator(), case=case_by_reference(org_slug, reference))
    emit(fmt, report.as_json(), lambda: _show(reference, report))


def _severity(severity: str) -> str:
    words = {"high": gettext("high"), "medium": gettext("medium"), "low": gettext("low")}
    return words.get(severity, severity)


def _show(reference: str, report: Any) -> None:
    if not report.findings:
        click.echo(gettext("No gaps found in %(reference)s.") % {"reference": reference})
        return
    counts = report.counts
    table(gettext("Gaps in %(reference)s. High: %(high)d, medium: %(medium)d, low: %(low)d")
          % {"reference": reference, "high": counts["high"], "medium": counts["medium"], "low": counts["low"]},
          [gettext("severity"), gettext("code"), gettext("what is missing"), gettext("what to do"),
           gettext("refers to")],
          [(_severity(f.severity), f.code, f.message, f.advice, ", ".join(f.refs)) for f in report.findings])
