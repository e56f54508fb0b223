"""`article3 case check REF`: the gap report of one case, as the web shows it."""

from typing import Any

import click

from article3.cli import FORMAT, ORG, case, case_by_reference, emit, operator, table


@case.command("check")
@click.argument("reference")
@ORG
@FORMAT
def case_check(reference: str, org_slug: str, fmt: str) -> None:
    """Report the case's gaps: unsupported elements, stale or untranslated evidence, chronology conflicts.

    Exits 0 even when there are findings (it is a report); 1 when the case does not exist.
    """
    from article3.claims.services import gap_report_check

    report = gap_report_check(actor=operator(), case=case_by_reference(org_slug, reference))
    emit(fmt, report.as_json(), lambda: _show(reference, report))


def _show(reference: str, report: Any) -> None:
    if not report.findings:
        click.echo(f"No gaps found in {reference}.")
        return
    counts = report.counts
    table(f"Gaps in {reference}: {counts['high']} high, {counts['medium']} medium, {counts['low']} low",
          ["severity", "code", "what is missing", "what to do", "refers to"],
          [(f.severity, f.code, f.message, f.advice, ", ".join(f.refs)) for f in report.findings])
