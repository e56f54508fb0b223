import click
from django.utils.translation import gettext

from article3.cli import FORMAT, _, cli, emit, fail, operator, organisation_by_slug, table
from article3.errors import DomainError


@cli.group(help=_("Personal access tokens for the REST API."))
def token() -> None:
    pass


@token.command("create", help=_("Make a token and print it: this is the only time it is shown."))
@click.option("--org", "org_slug", required=True, help=_("The organisation the token works in."))
@click.option("--email", required=True, help=_("The person the token acts as (never beyond their role)."))
@click.option("--scope", required=True, type=click.Choice(["read", "write", "admin"]))
@click.option("--expires", default="90d", show_default=True, help=_("Days it stays valid, like 30d, or 'never'."))
@click.option("--name", default="API token", show_default=True, help=_("What it is for (no case details)."))
@FORMAT
def token_create(org_slug: str, email: str, scope: str, expires: str, name: str, fmt: str) -> None:
    from django.contrib.auth.models import User

    from article3.api.services import parse_expiry
    from article3.api.services import token_create as create

    organisation = organisation_by_slug(org_slug)
    person = User.objects.filter(username=email.strip().lower()).first()
    if person is None:
        fail(gettext("No user '%(email)s'.") % {"email": email})
        return
    try:
        made, secret = create(actor=operator(), user=person, organisation=organisation, name=name, scope=scope,
                              days=parse_expiry(expires))
    except DomainError as exc:
        fail(str(exc))
        return
    expiry = made.expires_at.date().isoformat() if made.expires_at else "never"
    emit(fmt, {"token": secret, "id": made.pk, "scope": scope, "expires": expiry}, lambda: click.echo(
        f"{secret}\n" + gettext(
            "Keep it now: it is not shown again. It acts as %(email)s in %(org)s (%(scope)s), expires %(expires)s. "
            "Send it as the header 'Authorization: Bearer TOKEN'.") % {
            "email": person.email, "org": org_slug, "scope": scope,
            "expires": made.expires_at.date().isoformat() if made.expires_at else gettext("never")}))


@token.command("list", help=_("A person's active tokens (never the tokens themselves: only how they start)."))
@click.option("--email", required=True, help=_("The person's e-mail address."))
@FORMAT
def token_list(email: str, fmt: str) -> None:
    from article3.api.models import ApiToken

    rows = [{"id": t.pk, "name": t.name, "starts_with": t.prefix, "scope": t.scope,
             "expires": t.expires_at.isoformat() if t.expires_at else None,
             "last_used": t.last_used_at.isoformat() if t.last_used_at else None}
            for t in ApiToken.objects.filter(user__username=email.strip().lower(), revoked_at__isnull=True)
            .order_by("pk")]
    emit(fmt, {"tokens": rows}, lambda: table(
        gettext("Tokens of %(email)s") % {"email": email},
        ["id", gettext("name"), gettext("starts with"), gettext("scope"), gettext("expires"), gettext("last used")],
        [tuple(r.values()) for r in rows]))


@token.command("revoke", help=_("Revoke a token by its id (from `token list`)."))
@click.argument("token_id", type=int)
@FORMAT
def token_revoke(token_id: int, fmt: str) -> None:
    from article3.api.models import ApiToken
    from article3.api.services import token_revoke as revoke

    found = ApiToken.objects.filter(pk=token_id, revoked_at__isnull=True).first()
    if found is None:
        fail(gettext("No active token %(id)s.") % {"id": token_id})
        return
    revoke(actor=operator(), token=found)
    emit(fmt, {"id": token_id, "revoked": True},
         lambda: click.echo(gettext("Token %(id)s revoked.") % {"id": token_id}))
