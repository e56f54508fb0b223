from pathlib import Path
from typing import Any

import click

from article3.cli import FORMAT, emit, fail, operator, org, organisation_by_slug, table, user
from article3.errors import DomainError


@org.command("create")
@click.argument("slug")
@click.option("--name", default="", help="Display name")
@FORMAT
def org_create(slug: str, name: str, fmt: str) -> None:
    """Create an organisation."""
    from article3.accounts.services import organisation_create

    try:
        created = organisation_create(actor=operator(), slug=slug, name=name)
    except DomainError as exc:
        fail(str(exc))
        return
    emit(fmt, {"slug": created.slug, "name": created.name},
         lambda: click.echo(f"Created organisation {created.slug}."))


@org.command("list")
@FORMAT
def org_list(fmt: str) -> None:
    """List organisations."""
    from article3.accounts.models import Organisation

    orgs = list(Organisation.objects.order_by("slug"))
    emit(fmt, {"organisations": [{"slug": o.slug, "name": o.name} for o in orgs]},
         lambda: table("Organisations", ["slug", "name"], [(o.slug, o.name) for o in orgs]))


@user.command("create")
@click.option("--org", "org_slug", required=True)
@click.option("--email", required=True)
@click.option("--role", required=True, help="admin, attorney, paralegal, interpreter, expert or viewer")
@click.option("--password-file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="A file holding the password (so it never appears in the shell history).")
@FORMAT
def user_create(org_slug: str, email: str, role: str, password_file: Path | None, fmt: str) -> None:
    """Create a user in an organisation."""
    from article3.accounts.services import user_create as create

    organisation = organisation_by_slug(org_slug)
    password = password_file.read_text().strip() if password_file else None
    try:
        created = create(actor=operator(), organisation=organisation, email=email, role=role, password=password)
    except DomainError as exc:
        fail(str(exc))
        return
    emit(fmt, {"id": created.pk, "email": created.email, "role": role, "org": org_slug},
         lambda: click.echo(f"Created user {created.email} ({role}) in {org_slug}."))


def _person(email: str) -> Any:
    from django.contrib.auth.models import User

    found = User.objects.filter(username=email.strip().lower()).first()
    if found is None:
        fail(f"No user '{email}'.")
    return found


@user.command("set-password")
@click.argument("email")
@click.option("--password-file", required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="A file holding the new password (so it never appears in the shell history).")
@FORMAT
def user_set_password(email: str, password_file: Path, fmt: str) -> None:
    """Set a user's password; their sessions end."""
    from article3.accounts.services import user_password_set

    found = _person(email)
    try:
        user_password_set(actor=operator(), user=found, password=password_file.read_text().strip())
    except DomainError as exc:
        fail(str(exc))
        return
    emit(fmt, {"email": found.email, "changed": True},
         lambda: click.echo(f"Password of {found.email} changed; their sessions were signed out."))


@user.command("operator")
@click.argument("email")
@click.option("--revoke", is_flag=True, help="Take the role away.")
@FORMAT
def user_operator(email: str, revoke: bool, fmt: str) -> None:
    """Make a person the instance operator: they review the translations, for every organisation here."""
    from article3.accounts.services import operator_set

    found = _person(email)
    operator_set(actor=operator(), user=found, operator=not revoke)
    emit(fmt, {"email": found.email, "operator": not revoke},
         lambda: click.echo(f"{found.email} is {'no longer' if revoke else 'now'} the instance operator "
                            f"(translations at /translations/, after the second factor)."))


@user.command("invite")
@click.option("--org", "org_slug", required=True)
@click.option("--email", required=True)
@click.option("--role", required=True, help="admin, attorney, paralegal, interpreter, expert or viewer")
@FORMAT
def user_invite(org_slug: str, email: str, role: str, fmt: str) -> None:
    """Create a user without a password and print (and e-mail) their one-time link to choose one."""
    from article3.accounts.services import user_invite as invite

    organisation = organisation_by_slug(org_slug)
    try:
        invited, link = invite(actor=operator(), organisation=organisation, email=email, role=role)
    except DomainError as exc:
        fail(str(exc))
        return
    emit(fmt, {"email": invited.email, "role": role, "org": org_slug, "link": link},
         lambda: click.echo(f"Invited {invited.email} ({role}). Their one-time link to choose a password:\n{link}"))
