"""The `article3` command, run as a person would: a real process, a fresh data folder."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

LOCALE_VARIABLES = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")


def article3(data: Path, *args: str, check: bool = True, python_flags: bool = False,
             locale: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run the command; with python_flags, the first two arguments go to Python (`-X importtime`).

    It speaks English (LANGUAGE=en, whatever the developer's locale), or as `locale` says: then
    those variables alone are set, e.g. {"LANG": "fr_FR.UTF-8"}."""
    flags, args = (args[:2], args[2:]) if python_flags else ((), args)
    env = {**os.environ, "ARTICLE3_DATA": str(data), "LANGUAGE": "en"}
    if locale is not None:
        env = {name: value for name, value in env.items() if name not in LOCALE_VARIABLES} | locale
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env.pop("DATABASE_URL", None)  # its own SQLite folder, whatever the suite runs on
    env.pop("ARTICLE3_AUDIT_GUARD", None)
    result = subprocess.run([sys.executable, *flags, "-m", "article3", *args], env=env, capture_output=True,
                            text=True, timeout=180)
    if check:
        assert result.returncode == 0, result.stderr
    return result


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("cli-data")


def test_first_use_creates_the_data_folder_and_a_private_key(data: Path) -> None:
    out = article3(data, "org", "list", "--format", "json")
    assert json.loads(out.stdout)["organisations"][0]["slug"] == "default"
    key = data / "instance.key"
    assert key.stat().st_mode & 0o777 == 0o600 and len(key.read_bytes()) == 32
    assert (data / "article3.sqlite3").exists()


def test_org_user_demo_and_case_list(data: Path, tmp_path: Path) -> None:
    article3(data, "org", "create", "clinic", "--name", "Legal clinic")
    password = tmp_path / "pw"
    password.write_text("a long enough password 42")
    made = article3(data, "user", "create", "--org", "clinic", "--email", "ana@example.org",
                    "--role", "paralegal", "--password-file", str(password), "--format", "json")
    assert json.loads(made.stdout)["role"] == "paralegal"
    article3(data, "demo", "--org", "clinic")
    listed = json.loads(article3(data, "case", "list", "--org", "clinic", "--format", "json").stdout)
    (row,) = listed["cases"]
    assert row["reference"] == "DEMO-2026-001" and row["forum"] == "us-eoir" and row["stage"] == "preparing"
    assert row["url"].startswith("/cases/") and row["url"].endswith("/")
    again = article3(data, "demo", "--org", "clinic", "--format", "json")
    assert json.loads(again.stdout)["created"] is False


HEAVY = ("ocrmypdf", "docx", "docxtpl", "reportlab", "pikepdf", "icalendar", "dateparser", "feedparser")


@pytest.mark.parametrize("args", [("--help",), ("case", "list", "--org", "clinic"), ("case", "list", "--org", "clinic",
                                                                                      "--format", "json")])
def test_light_commands_do_not_load_the_document_libraries(data: Path, args: tuple[str, ...]) -> None:
    """`article3 case list` took 2 s, mostly importing OCR, PDF and office libraries to build one link."""
    article3(data, "org", "create", "clinic", "--name", "Legal clinic", check=False)  # order-free: may exist
    article3(data, "demo", "--org", "clinic")
    listed = article3(data, "-X", "importtime", *args, python_flags=True)
    imported = {line.split("|")[-1].strip() for line in listed.stderr.splitlines() if line.startswith("import time")}
    assert "django" in imported, "the import log was read"
    assert not imported & set(HEAVY), sorted(imported & set(HEAVY))
    if args[0] == "case":  # only the modules that add `case` verbs: not those of the country information
        assert "yaml" not in imported, "the country-information commands were loaded"


def test_each_command_imports_the_modules_that_add_it() -> None:
    """main() imports only the modules COMMAND_MODULES lists for the command asked: a module missing
    there would leave its verbs out ("No such command")."""
    import importlib

    import click

    from article3.cli import COMMAND_MODULES, cli, command_modules

    for module in command_modules([]):
        importlib.import_module(module)

    def adders(command: click.Command) -> set[str]:
        own = {command.callback.__module__} - {"article3.cli"} if command.callback else set()
        if isinstance(command, click.Group):
            return own.union(*(adders(sub) for sub in command.commands.values()))
        return own

    assert {name: adders(command) for name, command in cli.commands.items()} == {
        name: set(modules) for name, modules in COMMAND_MODULES.items()}
    assert command_modules(["--org", "x"]) == command_modules(["nonsense"]) == command_modules([])
    assert command_modules(["case", "list"]) == list(COMMAND_MODULES["case"])
    assert command_modules(["worker"]) == ["article3.cli.serve"]


def test_bad_input_gets_a_clear_message(data: Path) -> None:
    bad = article3(data, "user", "create", "--org", "default", "--email", "x@example.org", "--role", "boss",
                   check=False)
    assert bad.returncode == 1 and "Unknown role 'boss'" in bad.stderr
    missing = article3(data, "case", "list", "--org", "nowhere", check=False)
    assert missing.returncode == 1 and "No organisation 'nowhere'" in missing.stderr


def test_verify_reports_an_intact_chain(data: Path) -> None:
    article3(data, "org", "create", "verify-clinic")
    report = json.loads(article3(data, "verify", "--format", "json").stdout)
    assert report["ok"] is True and report["audit"]["entries"] > 0


def test_a_verb_not_built_yet_says_so_plainly() -> None:
    import click
    from click.testing import CliRunner

    from article3.cli import not_yet

    @click.group(name="future")
    def future() -> None:
        """A group whose verbs are still to come."""

    not_yet(future, ["plan"])
    result = CliRunner().invoke(future, ["plan", "X"])
    assert result.exit_code == 2 and "`future plan` is not available yet" in result.output


def test_version_and_help() -> None:
    env = {**os.environ, "LANGUAGE": "en"}
    version = subprocess.run([sys.executable, "-m", "article3", "--version"], capture_output=True, text=True,
                             env=env, check=True)
    assert "0.1.0" in version.stdout
    for group in ("case", "bundle", "deadlines", "coi", "user", "org"):
        helped = subprocess.run([sys.executable, "-m", "article3", group, "--help"], capture_output=True,
                                text=True, env=env, check=True)
        assert "Usage:" in helped.stdout


def test_team_invite_and_audit_commands_as_a_person_would(tmp_path: Path) -> None:
    data = tmp_path / "data"
    article3(data, "demo")
    invited = json.loads(article3(data, "user", "invite", "--org", "default", "--email", "ana@example.org",
                                  "--role", "paralegal", "--format", "json").stdout)
    assert "/accounts/set-password/" in invited["link"]
    team = json.loads(article3(data, "case", "team", "DEMO-2026-001", "--add", "ana@example.org", "--role",
                               "paralegal", "--format", "json").stdout)
    assert [(m["email"], m["role"]) for m in team["team"]] == [("ana@example.org", "paralegal")]
    password = tmp_path / "pw"
    password.write_text("ana's long passphrase 2026")
    article3(data, "user", "set-password", "ana@example.org", "--password-file", str(password))
    log = json.loads(article3(data, "audit", "show", "DEMO-2026-001", "--format", "json").stdout)
    assert log["chain"]["ok"] is True
    added = [e for e in log["entries"] if e["action"] == "cases.team.member_added"]
    assert added and added[0]["object"] == "ana@example.org" and added[0]["actor"].startswith("command line")
    assert log["entries"][-1]["description"] == "Read the audit log"


@pytest.mark.django_db
def test_the_schema_is_known_current_without_loading_the_migrations() -> None:
    """Every command checks the schema first: from the migration files' names and one query, unless
    something is not recorded as applied, when Django's migration executor decides."""
    from django.db import connection
    from django.db.migrations.recorder import MigrationRecorder

    from article3.cli import _all_recorded_as_applied

    assert _all_recorded_as_applied(connection)
    MigrationRecorder.Migration.objects.filter(app="bundles", name="0004_encrypt_build_warnings").delete()
    assert not _all_recorded_as_applied(connection)
