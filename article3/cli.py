"""The `article3` command: the same services as the web, run by a named local operator."""

import getpass
import json
import os
import sys
from collections.abc import Callable, Sequence
from typing import Any

import click
from rich.console import Console
from rich.table import Table
from rich.text import Text

console = Console()

FORMAT = click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
                      show_default=True, help="json for scripts")
ORG = click.option("--org", "org_slug", default="default", show_default=True,
                   help="The organisation to act in.")


def setup_django() -> None:
    """Point Django at our settings, create the data folder on first use and bring the schema up to date."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "article3.settings")
    from article3 import datadir

    datadir.ensure()
    import django

    django.setup()
    _migrate_if_needed()


def _migrate_if_needed() -> None:
    from django.core.management import call_command
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        call_command("migrate", interactive=False, verbosity=0)
    from article3.accounts.models import Organisation

    Organisation.objects.get_or_create(slug="default", defaults={"name": "Default organisation"})


def operator() -> str:
    """The audit actor for commands run at this machine."""
    return f"cli:{getpass.getuser()}"


def emit(fmt: str, data: dict[str, Any], render: Callable[[], None]) -> None:
    if fmt == "json":
        click.echo(json.dumps(data, indent=2, default=str))
    else:
        render()


def fail(message: str, code: int = 1) -> None:
    from article3.evidence.filenames import plain_line

    safe = "\n".join(plain_line(line, limit=4000) for line in message.splitlines())
    click.echo(f"Error: {safe}", err=True)
    sys.exit(code)


def organisation_by_slug(slug: str) -> Any:
    """The organisation, or exit 1 with a message naming it."""
    from article3.accounts.models import Organisation

    found = Organisation.objects.filter(slug=slug).first()
    if found is None:
        fail(f"No organisation '{slug}'. Create it with `article3 org create {slug}`.")
    return found


def case_by_reference(org_slug: str, reference: str) -> Any:
    """The case, or exit 1 with a message naming it."""
    from article3.cases.models import Case

    found = Case.objects.filter(organisation__slug=org_slug, reference=reference).select_related(
        "organisation").first()
    if found is None:
        fail(f"No case '{reference}' in organisation '{org_slug}'.")
    return found


def plain(value: Any) -> Text:
    """A value for the terminal: no escape codes, control or bidirectional characters, and as a rich
    Text, so that brackets in a file name are not read as markup."""
    from article3.evidence.filenames import plain_line

    return Text(plain_line(str(value), limit=4000) if value is not None else "")


def table(title: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    t = Table(title=plain(title))
    for column in columns:
        t.add_column(column)
    for row in rows:
        t.add_row(*[plain(v) for v in row])
    console.print(t)


@click.group()
@click.version_option(package_name="article3")
def cli() -> None:
    """Article3: prepare claims for protection against removal to torture."""
    setup_django()  # runs before any subcommand (not for --version or a bare --help)


def not_yet(group: click.Group, verbs: Sequence[str]) -> None:
    """Register verbs that exist in the design but not yet here, so they say so plainly."""
    for verb in verbs:
        @group.command(name=verb, context_settings={"ignore_unknown_options": True, "allow_extra_args": True})
        def _missing(verb: str = verb) -> None:
            fail(f"`{group.name} {verb}` is not available yet in this version of Article3.", code=2)


@cli.group()
def org() -> None:
    """Organisations."""


@cli.group()
def user() -> None:
    """User accounts."""


@cli.group()
def case() -> None:
    """Cases: list, import, export, check."""


@cli.group()
def evidence() -> None:
    """Evidence: add documents to a case."""


@cli.group()
def bundle() -> None:
    """Filing bundles."""


@cli.group()
def deadlines() -> None:
    """Deadlines: compute and list."""


@cli.group()
def coi() -> None:
    """Country information library."""


@cli.group()
def docs() -> None:
    """Generated documents: declaration, briefs, certificates."""


COMMAND_MODULES = [
    "article3.accounts.commands",
    "article3.cases.commands",
    "article3.audit.commands",
    "article3.evidence.commands",
    "article3.interchange.commands",
    "article3.bundles.commands",
    "article3.coi.commands",
    "article3.claims.commands",
    "article3.deadlines.commands",
    "article3.backup.commands",
    "article3.docs.commands",
    "article3.hearing.commands",
    "article3.remedies.commands",
    "article3.api.commands",
    "article3.selfhelp.commands",
    "article3.serve",
]


# Verbs of the design that are not built yet; each says so plainly when called.
NOT_YET: dict[click.Group, list[str]] = {}


def main(argv: Sequence[str] | None = None) -> None:
    import importlib

    for module in COMMAND_MODULES:
        importlib.import_module(module)
    for group, verbs in NOT_YET.items():
        not_yet(group, [v for v in verbs if v not in group.commands])
    cli.main(args=argv, prog_name="article3")
