"""`article3 deadlines compute|list|remind`.

`compute` runs as a person would: a real process with its own data folder (see tests/test_cli.py).
`list` and `remind` need cases, so they run in this process on the test database.
"""

import datetime
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import click
import pytest
from click.testing import CliRunner
from django.core import mail

from article3.audit.models import AuditEntry
from article3.cases.models import Case, Stage
from article3.deadlines import commands
from tests.deadlines import factories
from tests.security.live import migrated

D = datetime.date


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return migrated(tmp_path_factory.mktemp("deadlines-cli"))


def article3(data: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "ARTICLE3_DATA": str(data)}
    for name in ("DJANGO_SETTINGS_MODULE", "DATABASE_URL", "ARTICLE3_AUDIT_GUARD"):
        env.pop(name, None)
    return subprocess.run([sys.executable, "-m", "article3", "deadlines", *args], env=env, capture_output=True,
                          text=True, timeout=300, check=False)


def computed(data: Path, *args: str) -> dict[str, dict[str, Any]]:
    result = article3(data, "compute", *args, "--format", "json")
    assert result.returncode == 0, result.stderr
    return {d["rule"]: d for d in json.loads(result.stdout)["deadlines"]}


def test_compute_gives_the_worked_examples_as_json(data: Path) -> None:
    appeal = computed(data, "--forum", "us-eoir", "--trigger", "ij_decision", "--date", "2026-08-07",
                      "--service", "mail")["bia_appeal"]
    assert appeal["due"] == "2026-09-08" and appeal["filing"] == "received" and appeal["verified"] is True
    assert appeal["citation"] == "8 CFR 1003.38(b)"
    assert "Mon 2026-09-07 is Labor Day" in " ".join(appeal["trace"])
    petition = computed(data, "--forum", "us-eoir", "--trigger", "final_order", "--date", "2002-11-15")
    assert petition["petition_for_review"]["due"] == "2002-12-16"  # Nahatchevska
    motions = computed(data, "--forum", "us-eoir", "--trigger", "bia_decision", "--date", "2026-01-15")
    reconsider = motions["motion_to_reconsider"]
    assert reconsider["due"] == "2026-02-17" and reconsider["verified"] is False
    assert motions["motion_to_reopen"]["due"] == "2026-04-15"
    assert motions["motion_to_reopen_changed_country_conditions"]["due"] is None
    echr = computed(data, "--forum", "echr", "--trigger", "final_domestic_decision", "--date", "2026-04-09")
    assert echr["application"]["due"] == "2026-08-09" and echr["application"]["target"] == "2026-08-07"
    assert echr["application"]["filing"] == "dispatched"


def test_compute_gives_the_other_forums_examples(data: Path) -> None:
    uk = computed(data, "--forum", "uk-ftt", "--trigger", "decision_sent", "--date", "2026-03-02")
    assert uk["ftt_appeal_in_country"]["due"] == "2026-03-16"
    canada = computed(data, "--forum", "ca-irb", "--trigger", "rpd_reasons_received", "--date", "2026-02-02",
                      "--service", "personal")
    assert canada["rad_notice"]["due"] == "2026-02-17" and canada["rad_perfect"]["due"] == "2026-03-04"


def test_compute_shows_a_table_the_trace_and_unverified_plainly(data: Path) -> None:
    result = article3(data, "compute", "--forum", "us-eoir", "--trigger", "bia_decision", "--date", "2026-01-15")
    assert result.returncode == 0, result.stderr
    assert "UNVERIFIED" in result.stdout and "Motion to reconsider (BIA)" in result.stdout
    assert "30 calendar days after → Sat 2026-02-14" in result.stdout


def test_compute_says_why_to_aim_earlier_and_when_each_rule_was_last_verified() -> None:
    """IRPA s.72 and Saturdays (issue 14): day 15 is Sat 2026-10-10; the CLI aims at the Friday,
    says why, and shows the rule's last-verified date."""
    result = CliRunner().invoke(commands.compute_command, [
        "--forum", "ca-irb", "--trigger", "decision_notified", "--date", "2026-09-25"])
    assert result.exit_code == 0, result.output
    text = " ".join(result.output.split())
    assert "Aim for 2026-10-09, not 2026-10-10" in text and "uncertain" in text
    assert "2026-10-12" not in text
    assert "Rule last checked against its source: 2026-12-05" in text  # set on the rule itself


def test_compute_before_a_rules_effective_date_says_the_pack_does_not_cover_it() -> None:
    """FtT IAC Rules 2014 r.33 as amended from 14 May 2018: reasons sent on 1 May 2018 are not
    covered by the pack, which is not the same as "this trigger starts no deadline"."""
    result = CliRunner().invoke(commands.compute_command, [
        "--forum", "uk-ftt", "--trigger", "ftt_reasons_sent", "--date", "2018-05-01"])
    text = " ".join(result.output.split())
    assert result.exit_code == 1 and "does not cover" in text and "starts no deadline" not in text


@pytest.mark.parametrize(("args", "message"), [
    (("--forum", "mars", "--trigger", "ij_decision", "--date", "2026-01-15"), "unknown forum 'mars'"),
    (("--forum", "us-eoir", "--trigger", "lunch", "--date", "2026-01-15"), "unknown trigger 'lunch'"),
    (("--forum", "us-eoir", "--trigger", "ij_decision", "--date", "2026-01-15", "--service", "fax"),
     "unknown service 'fax'"),
    (("--forum", "us-eoir", "--trigger", "ij_decision", "--date", "15/01/2026", "--service", "mail"),
     "'15/01/2026' is not a date: use YYYY-MM-DD"),
])
def test_bad_input_exits_1_with_a_clear_message(args: tuple[str, ...], message: str) -> None:
    result = CliRunner().invoke(commands.compute_command, list(args))
    assert result.exit_code == 1 and message in result.output


def run(command: click.Command, *args: str) -> Any:
    result = CliRunner().invoke(command, list(args))
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result


@pytest.mark.django_db
def test_list_shows_the_open_deadlines_of_the_organisations_open_cases(case: Case, demo_case: Case) -> None:
    factories.deadline_for(case, date=D(2026, 6, 1))
    factories.deadline_for(demo_case, date=D(2026, 6, 2))
    Case.objects.filter(pk=demo_case.pk).update(stage=Stage.CLOSED)
    result = run(commands.list_command, "--org", "clinic-a", "--days", "36500", "--format", "json")
    assert result.exit_code == 0, result.output
    (row,) = json.loads(result.output)["deadlines"]
    assert row["case"] == "A-2026-001" and row["rule"] == "bia_appeal" and row["due"] == "2026-07-01"
    assert row["verified"] is True and row["url"] == f"/cases/{case.public_id}/deadlines/"
    entry = AuditEntry.objects.get(action="deadlines.list.exported")
    assert entry.detail == {"deadlines": 1, "days": 36500} and entry.actor.startswith("cli:")


@pytest.mark.django_db
def test_list_in_words_and_for_an_unknown_organisation(case: Case) -> None:
    factories.deadline_for(case, date=D(2020, 6, 1))
    shown = run(commands.list_command, "--org", "clinic-a")
    assert "A-2026-001" in shown.output and "OVERDUE" in shown.output
    missing = run(commands.list_command, "--org", "nowhere")
    assert missing.exit_code == 1 and "No organisation 'nowhere'" in missing.output


@pytest.mark.django_db
def test_remind_runs_the_reminders_once(settings: object, case: Case) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"  # type: ignore[attr-defined]
    factories.deadline_for(case)
    first = json.loads(run(commands.remind_command, "--date", "2026-06-24", "--format", "json").output)
    assert first == {"date": "2026-06-24", "reminders": 2, "digests": 2, "users": 2,  # alice and bob
                     "removal_alarms": 0}
    again = json.loads(run(commands.remind_command, "--date", "2026-06-24", "--format", "json").output)
    assert again["reminders"] == 0 and again["digests"] == 0
    assert len(mail.outbox) == 4


@pytest.mark.parametrize(("language", "message"), [
    ("fr", "Le jeu de règles uk-ftt ne couvre pas un événement déclencheur du Tue 2018-05-01"),
    ("es", "El paquete de reglas uk-ftt no cubre un hecho desencadenante del Tue 2018-05-01")])
def test_what_the_rule_packs_cannot_answer_is_said_in_the_operators_language(language: str, message: str) -> None:
    from django.utils import translation

    with translation.override(language):  # as `article3` does for LANG=fr_FR.UTF-8 or LANGUAGE=es
        result = CliRunner().invoke(commands.compute_command, [
            "--forum", "uk-ftt", "--trigger", "ftt_reasons_sent", "--date", "2018-05-01"])
    text = " ".join(result.output.split())
    assert result.exit_code == 1 and message in text and "does not cover" not in text
