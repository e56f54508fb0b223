"""`article3 case update REF --removal-date ... --identifier ...` and `article3 case emergency REF --format json`."""

import datetime
import json

import pytest
from click.testing import CliRunner
from django.utils import timezone

from article3.audit.models import AuditEntry
from article3.cases.models import Case
from article3.remedies.commands import case_emergency_command, case_update_command
from article3.remedies.models import Removal

pytestmark = pytest.mark.django_db


def test_update_then_emergency_in_json(case: Case) -> None:
    runner = CliRunner()
    far = timezone.localdate() + datetime.timedelta(days=20)
    done = runner.invoke(case_update_command, [case.reference, "--org", "clinic-a", "--removal-date", far.isoformat(),
                                               "--identifier", "A123456789", "--format", "json"])
    assert done.exit_code == 0, done.output
    assert json.loads(done.output) == {"reference": case.reference, "removal_date": far.isoformat(),
                                       "identifier_recorded": True}
    quiet = json.loads(runner.invoke(case_emergency_command, [case.reference, "--org", "clinic-a", "--format",
                                                              "json"]).output)
    assert quiet["alarm"] is False and quiet["days_left"] == 20 and quiet["removal_date"] == far.isoformat()

    near = timezone.localdate() + datetime.timedelta(days=14)
    assert runner.invoke(case_update_command, [case.reference, "--org", "clinic-a", "--removal-date",
                                               near.isoformat()]).exit_code == 0
    data = json.loads(runner.invoke(case_emergency_command, [case.reference, "--org", "clinic-a", "--format",
                                                             "json"]).output)
    assert set(data) == {"alarm", "removal_date", "days_left", "options"}
    assert data["alarm"] is True and data["days_left"] == 14
    first = data["options"][0]
    assert first["kind"] == "stay_motion" and first["verified"] is False
    assert "1003.6" in first["citation"] and first["label"].startswith("Emergency motion for a stay of removal")
    assert Removal.objects.get(case=case).identifier == "A123456789"  # kept when only the date changes
    assert AuditEntry.objects.filter(action="remedies.emergency.read").count() == 2


def test_bad_input_is_refused_with_a_message(case: Case) -> None:
    runner = CliRunner()
    bad_date = runner.invoke(case_update_command, [case.reference, "--org", "clinic-a", "--removal-date", "20/12/2026"])
    assert bad_date.exit_code == 2 and "YYYY-MM-DD" in bad_date.output
    no_removal = runner.invoke(case_update_command, [case.reference, "--org", "clinic-a", "--identifier", "A123456789"])
    assert no_removal.exit_code == 1 and "Give the date of the removal" in no_removal.output
    wrong = runner.invoke(case_update_command, [case.reference, "--org", "clinic-a", "--removal-date", "2026-12-20",
                                                "--identifier", "12"])
    assert wrong.exit_code == 1 and "not in the format of the A-number" in wrong.output
    assert not Removal.objects.filter(case=case).exists()
    text = runner.invoke(case_emergency_command, [case.reference, "--org", "clinic-a"])
    assert text.exit_code == 0 and "No removal is recorded" in text.output
