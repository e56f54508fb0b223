import click
from django.urls import reverse

from article3.cli import FORMAT, ORG, case, cli, emit, operator, organisation_by_slug, table


@case.command("list")
@ORG
@FORMAT
def case_list(org_slug: str, fmt: str) -> None:
    """List the organisation's cases."""
    organisation = organisation_by_slug(org_slug)
    cases = list(organisation.cases.order_by("reference"))
    rows = [{"reference": c.reference, "stage": c.stage, "forum": c.forum,
             "url": reverse("case_detail", kwargs={"case_id": c.public_id})} for c in cases]
    emit(fmt, {"cases": rows}, lambda: table(
        f"Cases of {org_slug}", ["reference", "stage", "forum", "url"],
        [tuple(r.values()) for r in rows]))


@cli.command("demo")
@ORG
@FORMAT
def demo(org_slug: str, fmt: str) -> None:
    """Load the demo case (a fictional applicant) into the organisation."""
    from article3.demo import DEMO_REFERENCE, demo_load

    organisation = organisation_by_slug(org_slug)
    loaded = demo_load(actor=operator(), organisation=organisation)
    emit(fmt, {"reference": DEMO_REFERENCE, "created": loaded is not None},
         lambda: click.echo(f"Demo case {DEMO_REFERENCE} "
                            f"{'loaded' if loaded else 'is already there'} in {org_slug}."))
