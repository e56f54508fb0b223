from pathlib import Path

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
