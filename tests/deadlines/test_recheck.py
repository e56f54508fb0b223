"""`deadlines_recheck` and `article3 deadlines recheck`: open deadlines stored under a rule that
an audit corrected (issue 14) are found and, on request, computed again."""

import datetime
import json

import pytest
from click.testing import CliRunner

from article3.audit.models import AuditEntry
from article3.cases.models import Case
from article3.deadlines import commands, services
from article3.deadlines.models import Deadline
from article3.deadlines.selectors import open_deadlines_to_recheck

D = datetime.date


def stale_prehearing(case: Case) -> Deadline:
    """A pre-hearing deadline stored as the pack gave it before the correction: 15 days before
    the hearing of Mon 2026-03-16, due Mon 2026-03-02 (now 30 days: Tue 2026-02-17)."""
    (added,) = services.deadlines_compute_add(actor="test", case=case, trigger="individual_hearing",
                                              date=D(2026, 3, 16))
    Deadline.objects.filter(pk=added.pk).update(due=D(2026, 3, 2), target=D(2026, 2, 27), verified=True)
    added.refresh_from_db()
    return added


@pytest.mark.django_db
def test_recheck_reports_a_stored_date_later_than_the_corrected_rule(case: Case) -> None:
    """EOIR rescinded Director's Memorandum 22-04 in February 2025 and reinstated the 30-day
    default: a deadline stored at 15 days is now too late and must be reported."""
    stale = stale_prehearing(case)
    services.deadlines_compute_add(actor="test", case=case, trigger="ij_decision", date=D(2026, 6, 1),
                                   service="mail")  # unchanged by the correction
    (found,) = services.deadlines_recheck(actor="test", deadlines=open_deadlines_to_recheck(
        organisation=case.organisation), apply=False)
    assert found.deadline == stale and found.due == D(2026, 3, 2)
    assert found.now is not None and found.now.due == D(2026, 2, 17)
    stale.refresh_from_db()
    assert stale.due == D(2026, 3, 2)  # a report only
    assert not AuditEntry.objects.filter(action="deadlines.deadline.recomputed").exists()


@pytest.mark.django_db
def test_recheck_with_apply_stores_the_new_working_and_audits_it(case: Case) -> None:
    stale = stale_prehearing(case)
    services.deadlines_recheck(actor="test", deadlines=[stale], apply=True)
    stale.refresh_from_db()
    assert (stale.due, stale.target, stale.verified) == (D(2026, 2, 17), D(2026, 2, 13), False)
    assert stale.aim_reason and stale.rule_checked_on == D(2026, 12, 5)
    entry = AuditEntry.objects.get(action="deadlines.deadline.recomputed")
    assert entry.detail["before"] == {"due": "2026-03-02", "target": "2026-02-27"}
    assert entry.detail["after"] == {"due": "2026-02-17", "target": "2026-02-13"}
    assert services.deadlines_recheck(actor="test", deadlines=[stale], apply=False) == []


@pytest.mark.django_db
def test_recheck_says_when_the_pack_no_longer_covers_a_stored_trigger(case: Case) -> None:
    """A deadline stored for a trigger date the pack no longer covers is reported with the
    reason, never silently dropped or changed."""
    stale = stale_prehearing(case)
    Case.objects.filter(pk=case.pk).update(forum="uk-ftt")
    Deadline.objects.filter(pk=stale.pk).update(forum="uk-ftt", trigger="ftt_reasons_sent",
                                                rule="ut_permission_in_country", trigger_date=D(2018, 5, 1))
    stale.refresh_from_db()
    (found,) = services.deadlines_recheck(actor="test", deadlines=[stale], apply=True)
    assert found.now is None and "does not cover" in found.problem
    stale.refresh_from_db()
    assert stale.due == D(2026, 3, 2)


@pytest.mark.django_db
def test_the_cli_reports_then_applies_and_audits_the_export(case: Case) -> None:
    stale_prehearing(case)
    report = CliRunner().invoke(commands.recheck_command, ["--org", "clinic-a", "--format", "json"])
    assert report.exit_code == 0, report.output
    (row,) = json.loads(report.output)["deadlines"]
    assert (row["stored_due"], row["due"], row["target"]) == ("2026-03-02", "2026-02-17", "2026-02-13")
    words = CliRunner().invoke(commands.recheck_command, ["--org", "clinic-a", "--apply"])
    assert words.exit_code == 0 and "Updated" in words.output
    again = CliRunner().invoke(commands.recheck_command, ["--org", "clinic-a"])
    assert "Every open deadline matches the current rule packs." in again.output
    exported = AuditEntry.objects.filter(action="deadlines.recheck.exported")
    assert exported.count() == 3 and exported.first() is not None
