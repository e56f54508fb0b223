"""The `article3` command: the same services as the web, run by a named local operator.

It speaks the operator's language, English, French or Spanish, as the environment says (`LANGUAGE`,
`LC_ALL`, `LC_MESSAGES`, `LANG`). Help texts are marked with `_` below; what a command prints,
with Django's `gettext` and `ngettext`. `--format json` stays in English,
for scripts. The words are in `article3/cli/locale` (this package's) and in each app's catalogue
(its `commands.py`).
"""

import getpass
import json
import os
import sys
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import click
from django.utils.functional import lazy
from django.utils.translation import gettext
from rich.console import Console
from rich.table import Table
from rich.text import Text

console = Console()

# The command line's languages: settings.LAWYER_LANGUAGES, spelled out so that reading the environment
# needs no settings (tests/test_cli_language.py checks that the two agree).
LANGUAGES = ("en", "fr", "es")


def language_from_environment(environ: Mapping[str, str] | None = None) -> str:
    """The operator's language, one of LANGUAGES, read as gettext reads it; English when in doubt.

    `LANGUAGE` comes first: a list such as `fr:en`, whose first language that Article3 speaks is
    taken. Then the locale, the first of `LC_ALL`, `LC_MESSAGES` and `LANG` that is set:
    `fr_FR.UTF-8` is French, `es_MX` Spanish, `C.UTF-8` or `de_DE` English. A locale of exactly
    `C` or `POSIX` is English whatever `LANGUAGE` says, as for gettext: `LC_ALL=C article3 ...`
    is how a script asks for English. Pure string work: English costs nothing.
    """
    env = os.environ if environ is None else environ
    locale = next((env[name] for name in ("LC_ALL", "LC_MESSAGES", "LANG") if env.get(name)), "")
    if locale.strip() in ("C", "POSIX"):
        return "en"
    wanted = [_language_of(name) for name in [*env.get("LANGUAGE", "").split(":"), locale]]
    return next((language for language in wanted if language in LANGUAGES), "en")


def _language_of(name: str) -> str:
    """`fr_FR.UTF-8@euro` -> `fr`, `es-MX` -> `es`, `C.UTF-8` -> `c`."""
    return name.strip().partition(".")[0].partition("@")[0].replace("-", "_").partition("_")[0].lower()


def _translated(message: str) -> str:
    from django.apps import apps

    return gettext(message) if apps.ready else message


# Marks a help text for translation (makemessages reads `_("...")`). Help texts are written at import,
# before Django may be set up, so the words are looked up later: a command's when click shows its help,
# an option's when the option is made (click tidies its text at once), which main() does only after
# choosing the language. Without Django (English: a bare --help never sets it up) the text is as written.
_ = lazy(_translated, str)


FORMAT = click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
                      show_default=True, callback=lambda _ctx, _param, value: _json_in_english(value),
                      help=_("text to read, json for scripts (always in English)"))
ORG = click.option("--org", "org_slug", default="default", show_default=True,
                   help=_("The organisation to act in (its short name)."))


def _json_in_english(fmt: str) -> str:
    """What a script reads stays in English, whatever the operator's language: the values that
    the services word (an audit entry's description, a finding) as well as the keys."""
    from django.apps import apps

    if fmt == "json" and apps.ready:  # not ready: no language was chosen (shell completion)
        from django.utils import translation

        translation.deactivate()  # back to settings.LANGUAGE_CODE, English
    return fmt


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

    if not _all_recorded_as_applied(connection):
        executor = MigrationExecutor(connection)
        if executor.migration_plan(executor.loader.graph.leaf_nodes()):
            call_command("migrate", interactive=False, verbosity=0)
    from article3.accounts.models import Organisation

    Organisation.objects.get_or_create(slug="default", defaults={"name": "Default organisation"})


def _all_recorded_as_applied(connection: Any) -> bool:
    """Whether every migration file of every app is recorded as applied: the usual case, answered by
    listing the files and one query, where loading the migration graph imports every file (a sixth of
    a second). Anything else (a new file, a squashed migration) asks the migration executor."""
    from pathlib import Path

    from django.apps import apps
    from django.db.migrations.recorder import MigrationRecorder

    recorder = MigrationRecorder(connection)
    if not recorder.has_table():
        return False
    on_disk = {(config.label, path.stem) for config in apps.get_app_configs()
               for path in (Path(config.path) / "migrations").glob("*.py") if path.stem != "__init__"}
    return on_disk <= set(recorder.applied_migrations())


def speak(language: str) -> None:
    """Set Django up (its settings and apps; the schema waits for a command) and speak `language`.
    Only for a language other than English: English needs neither."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "article3.settings")
    import django
    from django.utils import translation

    django.setup()
    translation.activate(language)


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
    click.echo(gettext("Error: %(message)s") % {"message": safe}, err=True)
    sys.exit(code)


def organisation_by_slug(slug: str) -> Any:
    """The organisation, or exit 1 with a message naming it."""
    from article3.accounts.models import Organisation

    found = Organisation.objects.filter(slug=slug).first()
    if found is None:
        fail(no_organisation(slug))
    return found


def no_organisation(slug: str) -> str:
    return gettext("No organisation '%(slug)s'. Create it with `article3 org create %(slug)s`.") % {"slug": slug}


def case_by_reference(org_slug: str, reference: str) -> Any:
    """The case, or exit 1 with a message naming it."""
    from article3.cases.models import Case

    found = Case.objects.filter(organisation__slug=org_slug, reference=reference).select_related(
        "organisation").first()
    if found is None:
        fail(gettext("No case '%(reference)s' in organisation '%(slug)s'.") % {"reference": reference,
                                                                               "slug": org_slug})
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


def yes_no(value: bool) -> str:
    return gettext("yes") if value else gettext("no")


@click.group(help=_("Article3: prepare claims for protection against removal to torture."))
@click.version_option(package_name="article3")
def cli() -> None:
    setup_django()  # runs before any subcommand (not for --version or a bare --help)


def not_yet(group: click.Group, verbs: Sequence[str]) -> None:
    """Register verbs that exist in the design but not yet here, so they say so plainly."""
    for verb in verbs:
        @group.command(name=verb, context_settings={"ignore_unknown_options": True, "allow_extra_args": True})
        def _missing(verb: str = verb) -> None:
            fail(gettext("`%(command)s` is not available yet in this version of Article3.")
                 % {"command": f"{group.name} {verb}"}, code=2)


@cli.group(help=_("Organisations."))
def org() -> None:
    pass


@cli.group(help=_("User accounts."))
def user() -> None:
    pass


@cli.group(help=_("Cases: list, open, import, export, check."))
def case() -> None:
    pass


@cli.group(help=_("Evidence: add documents to a case."))
def evidence() -> None:
    pass


@cli.group(help=_("Filing bundles."))
def bundle() -> None:
    pass


@cli.group(help=_("Deadlines: compute and list."))
def deadlines() -> None:
    pass


@cli.group(help=_("Country information library."))
def coi() -> None:
    pass


@cli.group(help=_("Generated documents: declaration, briefs, certificates."))
def docs() -> None:
    pass


# The modules that add each command (a group's verbs may come from several apps). main() imports only
# those of the command asked for, so that `article3 case list` does not load what the country-information
# or package commands need; a bare `--help`, or a name not listed here, imports them all.
# tests/test_cli.py checks this table against what the modules register.
ACCOUNTS, CASES, AUDIT, BACKUP, SERVE = ("article3.accounts.commands", "article3.cases.commands",
                                         "article3.audit.commands", "article3.backup.commands", "article3.cli.serve")
COMMAND_MODULES: dict[str, tuple[str, ...]] = {
    "org": (ACCOUNTS,),
    "user": (ACCOUNTS,),
    "case": (CASES, "article3.interchange.commands", "article3.claims.commands", "article3.remedies.commands",
             "article3.selfhelp.commands"),
    "demo": (CASES,),
    "audit": (AUDIT,),
    "verify": (AUDIT,),
    "evidence": ("article3.evidence.commands",),
    "bundle": ("article3.bundles.commands",),
    "coi": ("article3.coi.commands",),
    "deadlines": ("article3.deadlines.commands",),
    "backup": (BACKUP,),
    "restore": (BACKUP,),
    "retention": (BACKUP,),
    "docs": ("article3.docs.commands",),
    "hearing": ("article3.hearing.commands",),
    "token": ("article3.api.commands",),
    "selfhelp": ("article3.selfhelp.commands",),
    "manage": (SERVE,),
    "run": (SERVE,),
    "worker": (SERVE,),
}


def command_modules(args: Sequence[str]) -> list[str]:
    """The modules to import for these arguments: those of the command named first (the group takes no
    option with a value), or every module."""
    asked = next((arg for arg in args if not arg.startswith("-")), "")
    every = dict.fromkeys(module for modules in COMMAND_MODULES.values() for module in modules)
    return list(COMMAND_MODULES.get(asked, every))


# Verbs of the design that are not built yet; each says so plainly when called.
NOT_YET: dict[click.Group, list[str]] = {}


def main(argv: Sequence[str] | None = None) -> None:
    import importlib

    language = language_from_environment()
    if language != "en":
        # Before the commands are imported: click reads an option's help text as the option is made.
        speak(language)
    for module in command_modules(sys.argv[1:] if argv is None else argv):
        importlib.import_module(module)
    for group, verbs in NOT_YET.items():
        not_yet(group, [v for v in verbs if v not in group.commands])
    cli.main(args=argv, prog_name="article3")
