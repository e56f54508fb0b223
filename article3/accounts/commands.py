from pathlib import Path
from typing import Any

import click
from django.utils.translation import gettext

from article3.cli import FORMAT, _, emit, fail, operator, org, organisation_by_slug, table, user
from article3.errors import DomainError

ROLES_HELP = _("admin, attorney, paralegal, interpreter, expert or viewer")


@org.command("create", help=_("Create an organisation."))
@click.argument("slug")
@click.option("--name", default="", help=_("The name people read (the short name SLUG is for commands and links)."))
@FORMAT
def org_create(slug: str, name: str, fmt: str) -> None:
    from article3.accounts.services import organisation_create

    try:
        created = organisation_create(actor=operator(), slug=slug, name=name)
    except DomainError as exc:
        fail(str(exc))
        return
    emit(fmt, {"slug": created.slug, "name": created.name},
         lambda: click.echo(gettext("Created organisation %(slug)s.") % {"slug": created.slug}))


@org.command("list", help=_("List organisations."))
@FORMAT
def org_list(fmt: str) -> None:
    from article3.accounts.models import Organisation

    orgs = list(Organisation.objects.order_by("slug"))
    emit(fmt, {"organisations": [{"slug": o.slug, "name": o.name} for o in orgs]},
         lambda: table(gettext("Organisations"), [gettext("short name"), gettext("name")],
                       [(o.slug, o.name) for o in orgs]))


@user.command("create", help=_("Create a user in an organisation."))
@click.option("--org", "org_slug", required=True, help=_("The organisation (its short name)."))
@click.option("--email", required=True, help=_("Their e-mail address, which is also how they sign in."))
@click.option("--role", required=True, help=ROLES_HELP)
@click.option("--password-file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help=_("A file holding the password (so it never appears in the shell history)."))
@FORMAT
def user_create(org_slug: str, email: str, role: str, password_file: Path | None, fmt: str) -> None:
    from article3.accounts.services import user_create as create

    organisation = organisation_by_slug(org_slug)
    password = password_file.read_text().strip() if password_file else None
    try:
        created = create(actor=operator(), organisation=organisation, email=email, role=role, password=password)
    except DomainError as exc:
        fail(str(exc))
        return
    emit(fmt, {"id": created.pk, "email": created.email, "role": role, "org": org_slug},
         lambda: click.echo(gettext("Created user %(email)s (%(role)s) in %(org)s.")
                            % {"email": created.email, "role": role, "org": org_slug}))


def _person(email: str) -> Any:
    from django.contrib.auth.models import User

    found = User.objects.filter(username=email.strip().lower()).first()
    if found is None:
        fail(gettext("No user '%(email)s'.") % {"email": email})
    return found


@user.command("set-password", help=_("Set a user's password; their sessions end."))
@click.argument("email")
@click.option("--password-file", required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help=_("A file holding the new password (so it never appears in the shell history)."))
@FORMAT
def user_set_password(email: str, password_file: Path, fmt: str) -> None:
    from article3.accounts.services import user_password_set

    found = _person(email)
    try:
        user_password_set(actor=operator(), user=found, password=password_file.read_text().strip())
    except DomainError as exc:
        fail(str(exc))
        return
    emit(fmt, {"email": found.email, "changed": True},
         lambda: click.echo(gettext("Password of %(email)s changed; their sessions were signed out.")
                            % {"email": found.email}))


@user.command("operator", help=_("Make a person the instance operator: they review the translations, for every "
                                 "organisation here."))
@click.argument("email")
@click.option("--revoke", is_flag=True, help=_("Take the role away."))
@FORMAT
def user_operator(email: str, revoke: bool, fmt: str) -> None:
    from article3.accounts.services import operator_set

    found = _person(email)
    operator_set(actor=operator(), user=found, operator=not revoke)
    said = (gettext("%(email)s is no longer the instance operator.") if revoke else
            gettext("%(email)s is now the instance operator (translations at /translations/, after the second "
                    "factor)."))
    emit(fmt, {"email": found.email, "operator": not revoke}, lambda: click.echo(said % {"email": found.email}))


@user.command("invite", help=_("Create a user without a password and print (and e-mail) their one-time link to "
                               "choose one."))
@click.option("--org", "org_slug", required=True, help=_("The organisation (its short name)."))
@click.option("--email", required=True, help=_("Their e-mail address, which is also how they sign in."))
@click.option("--role", required=True, help=ROLES_HELP)
@FORMAT
def user_invite(org_slug: str, email: str, role: str, fmt: str) -> None:
    from article3.accounts.services import user_invite as invite

    organisation = organisation_by_slug(org_slug)
    try:
        invited, link = invite(actor=operator(), organisation=organisation, email=email, role=role)
    except DomainError as exc:
        fail(str(exc))
        return
    emit(fmt, {"email": invited.email, "role": role, "org": org_slug, "link": link},
         lambda: click.echo(gettext("Invited %(email)s (%(role)s). Their one-time link to choose a password:")
                            % {"email": invited.email, "role": role} + f"\n{link}"))
