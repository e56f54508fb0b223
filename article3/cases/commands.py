import click
from django.urls import reverse
from django.utils.translation import gettext

from article3.cli import (
    FORMAT,
    ORG,
    _,
    case,
    case_by_reference,
    cli,
    emit,
    fail,
    operator,
    organisation_by_slug,
    table,
)

# The case pages' routes alone (article3/case_urls.py): building one address need not build the whole site's.
CASE_PAGES = "article3.case_urls"


@case.command("list", help=_("List the organisation's cases."))
@ORG
@FORMAT
def case_list(org_slug: str, fmt: str) -> None:
    organisation = organisation_by_slug(org_slug)
    cases = list(organisation.cases.order_by("reference"))
    rows = [{"reference": c.reference, "stage": c.stage, "forum": c.forum,
             "url": reverse("case_detail", urlconf=CASE_PAGES, kwargs={"case_id": c.public_id})} for c in cases]
    emit(fmt, {"cases": rows}, lambda: table(
        gettext("Cases of %(org)s") % {"org": org_slug},
        [gettext("reference"), gettext("stage"), gettext("forum"), gettext("address")],
        [tuple(r.values()) for r in rows]))


@case.command("create", help=_("Open a new case in the organisation."))
@click.argument("reference")
@click.option("--forum", required=True, help=_("The forum's rule pack: us-eoir, echr, un-cat, generic, ..."))
@click.option("--country", "country_of_return", required=True,
              help=_("The country of return, as its two-letter ISO 3166 code (e.g. CM)."))
@click.option("--applicant", "applicant_name", required=True, help=_("The applicant's name."))
@click.option("--owner", "owner_email", default="",
              help=_("The e-mail address of the member who becomes the case's attorney."))
@ORG
@FORMAT
def case_create_command(reference: str, forum: str, country_of_return: str, applicant_name: str, owner_email: str,
                        org_slug: str, fmt: str) -> None:
    from article3.accounts.models import CASE_CREATING_ROLES, Membership
    from article3.cases.services import case_create
    from article3.errors import DomainError

    if len(country_of_return) != 2 or not country_of_return.isascii() or not country_of_return.isalpha():
        fail(gettext("--country takes a two-letter country code, e.g. CM."), code=2)
    organisation = organisation_by_slug(org_slug)
    owner_id = None
    if owner_email:
        seat = Membership.objects.filter(organisation=organisation, user__username=owner_email.strip().lower(),
                                         role__in=CASE_CREATING_ROLES).first()
        if seat is None:
            fail(gettext("No attorney or admin with that e-mail address in %(org)s.") % {"org": org_slug})
            return
        owner_id = seat.user_id
    try:
        created = case_create(actor=operator(), organisation=organisation, reference=reference, forum=forum,
                              country_of_return=country_of_return, applicant_name=applicant_name, owner_id=owner_id)
    except DomainError as exc:
        fail(str(exc))
        return
    url = reverse("case_detail", urlconf=CASE_PAGES, kwargs={"case_id": created.public_id})
    emit(fmt, {"reference": created.reference, "forum": created.forum, "url": url},
         lambda: click.echo(gettext("Opened case %(reference)s (%(forum)s): %(address)s")
                            % {"reference": created.reference, "forum": created.forum, "address": url}))


@cli.command("demo", help=_("Load the demo case (a fictional applicant) into the organisation."))
@ORG
@FORMAT
def demo(org_slug: str, fmt: str) -> None:
    from article3.demo import DEMO_REFERENCE, demo_load

    organisation = organisation_by_slug(org_slug)
    loaded = demo_load(actor=operator(), organisation=organisation)
    said = (gettext("Demo case %(reference)s loaded in %(org)s.") if loaded
            else gettext("Demo case %(reference)s is already there in %(org)s."))
    emit(fmt, {"reference": DEMO_REFERENCE, "created": loaded is not None},
         lambda: click.echo(said % {"reference": DEMO_REFERENCE, "org": org_slug}))


@case.command("team", help=_("Show a case's team; add a colleague with a role, change their role, or remove them."))
@click.argument("reference")
@ORG
@click.option("--add", "add_email", default=None,
              help=_("The e-mail address of a member of the organisation to put on the team."))
@click.option("--role", default=None, help=_("Their role on the case: attorney, paralegal, interpreter, expert or "
                                             "viewer."))
@click.option("--remove", "remove_email", default=None,
              help=_("The e-mail address of a team member to take off the team."))
@FORMAT
def case_team(reference: str, org_slug: str, add_email: str | None, role: str | None, remove_email: str | None,
              fmt: str) -> None:
    from django.contrib.auth import get_user_model

    from article3.cases import services
    from article3.cases.selectors import team_for_case
    from article3.errors import DomainError

    if add_email and remove_email:
        fail(gettext("Give either --add or --remove, not both."))
    if add_email and not role:
        fail(gettext("--add needs --role (attorney, paralegal, interpreter, expert or viewer)."))
    found = case_by_reference(org_slug, reference)
    email = (add_email or remove_email or "").strip().lower()
    person = get_user_model().objects.filter(username=email).first() if email else None
    if email and person is None:
        fail(gettext("No user '%(email)s'.") % {"email": email})
    try:
        if add_email and person is not None:
            services.team_member_add(actor=operator(), case=found, user_id=person.pk, role=role or "")
        elif remove_email and person is not None:
            seat = found.team.filter(user=person).first()
            if seat is None:
                fail(gettext("%(email)s is not on the team of %(reference)s.") % {"email": email,
                                                                                  "reference": reference})
            services.team_member_remove(actor=operator(), seat=seat)
    except DomainError as exc:
        fail(str(exc))
    seats = list(team_for_case(case=found))
    rows = [{"email": s.user.email, "role": s.role, "may_download": s.may_download,
             "shared": [str(sh.document or sh.event) for sh in s.shares.all()]} for s in seats]
    emit(fmt, {"reference": reference, "team": rows}, lambda: table(
        gettext("Team of %(reference)s") % {"reference": reference},
        [gettext("e-mail"), gettext("role"), gettext("shared with them")],
        [(s.user.email, s.role, ", ".join(str(sh.document or sh.event) for sh in s.shares.all())) for s in seats]))
