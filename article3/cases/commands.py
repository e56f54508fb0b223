import click
from django.urls import reverse

from article3.cli import FORMAT, ORG, case, case_by_reference, cli, emit, fail, operator, organisation_by_slug, table


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


@case.command("create")
@click.argument("reference")
@click.option("--forum", required=True, help="the rule pack: us-eoir, echr, un-cat, generic, ...")
@click.option("--country", "country_of_return", required=True, help="country of return, ISO 3166 code (e.g. CM)")
@click.option("--applicant", "applicant_name", required=True, help="the applicant's name")
@click.option("--owner", "owner_email", default="", help="e-mail of the member who becomes the case's attorney")
@ORG
@FORMAT
def case_create_command(reference: str, forum: str, country_of_return: str, applicant_name: str, owner_email: str,
                        org_slug: str, fmt: str) -> None:
    """Open a new case in the organisation."""
    from article3.accounts.models import CASE_CREATING_ROLES, Membership
    from article3.cases.services import case_create
    from article3.errors import DomainError

    if len(country_of_return) != 2 or not country_of_return.isascii() or not country_of_return.isalpha():
        fail("--country takes a two-letter country code, e.g. CM.", code=2)
    organisation = organisation_by_slug(org_slug)
    owner_id = None
    if owner_email:
        seat = Membership.objects.filter(organisation=organisation, user__username=owner_email.strip().lower(),
                                         role__in=CASE_CREATING_ROLES).first()
        if seat is None:
            fail(f"No attorney or admin with that e-mail in {org_slug}.")
            return
        owner_id = seat.user_id
    try:
        created = case_create(actor=operator(), organisation=organisation, reference=reference, forum=forum,
                              country_of_return=country_of_return, applicant_name=applicant_name, owner_id=owner_id)
    except DomainError as exc:
        fail(str(exc))
        return
    url = reverse("case_detail", kwargs={"case_id": created.public_id})
    emit(fmt, {"reference": created.reference, "forum": created.forum, "url": url},
         lambda: click.echo(f"Opened case {created.reference} ({created.forum}): {url}"))


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


@case.command("team")
@click.argument("reference")
@ORG
@click.option("--add", "add_email", default=None, help="Email of a member of the organisation to put on the team.")
@click.option("--role", default=None, help="Case role: attorney, paralegal, interpreter, expert or viewer.")
@click.option("--remove", "remove_email", default=None, help="Email of a team member to take off the team.")
@FORMAT
def case_team(reference: str, org_slug: str, add_email: str | None, role: str | None, remove_email: str | None,
              fmt: str) -> None:
    """Show a case's team; add a colleague with a role, change their role, or remove them."""
    from django.contrib.auth import get_user_model

    from article3.cases import services
    from article3.cases.selectors import team_for_case
    from article3.errors import DomainError

    if add_email and remove_email:
        fail("Give either --add or --remove, not both.")
    if add_email and not role:
        fail("--add needs --role (attorney, paralegal, interpreter, expert or viewer).")
    found = case_by_reference(org_slug, reference)
    email = (add_email or remove_email or "").strip().lower()
    person = get_user_model().objects.filter(username=email).first() if email else None
    if email and person is None:
        fail(f"No user '{email}'.")
    try:
        if add_email and person is not None:
            services.team_member_add(actor=operator(), case=found, user_id=person.pk, role=role or "")
        elif remove_email and person is not None:
            seat = found.team.filter(user=person).first()
            if seat is None:
                fail(f"{email} is not on the team of {reference}.")
            services.team_member_remove(actor=operator(), seat=seat)
    except DomainError as exc:
        fail(str(exc))
    seats = list(team_for_case(case=found))
    rows = [{"email": s.user.email, "role": s.role, "may_download": s.may_download,
             "shared": [str(sh.document or sh.event) for sh in s.shares.all()]} for s in seats]
    emit(fmt, {"reference": reference, "team": rows}, lambda: table(
        f"Team of {reference}", ["email", "role", "shared"],
        [(s.user.email, s.role, ", ".join(str(sh.document or sh.event) for sh in s.shares.all())) for s in seats]))
