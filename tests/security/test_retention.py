"""Retention: closed cases past their organisation's period are purged, their files crypto-shredded."""

import datetime
import io
import json

import pytest
import time_machine
from click.testing import CliRunner
from django.contrib.auth.models import User

from article3.accounts.models import Organisation
from article3.audit.models import AuditEntry
from article3.audit.services import chain_verify
from article3.cases.models import Case, Stage
from article3.cases.services import case_create, case_update
from article3.evidence.models import Document
from article3.evidence.services import document_add
from article3.evidence.storage import vault
from article3.retention import cases_due, retention_purge, retention_purge_task

CLOSED = datetime.datetime(2026, 1, 10, 12, 0, tzinfo=datetime.UTC)


def _case(org: Organisation, owner: User, reference: str, files: list[bytes], *, closed: bool) -> Case:
    case = case_create(actor=owner, organisation=org, reference=reference, forum="us-eoir", country_of_return="CM",
                       applicant_name="Private Name", owner_id=owner.pk)
    for n, content in enumerate(files):
        document_add(actor=owner, case=case, stream=io.BytesIO(content), filename=f"f{n}.txt", kind="other",
                     process=False)
    if closed:
        with time_machine.travel(CLOSED, tick=False):
            case = case_update(actor=owner, case=case, expected_version=case.version, changes={"stage": Stage.CLOSED})
    return case


@pytest.fixture
def cases(org_a: Organisation, org_b: Organisation, alice: User, charlie: User) -> dict[str, Case]:
    org_a.retention_days_after_close = 30
    org_a.save()
    return {
        "expired": _case(org_a, alice, "A-OLD", [b"only in the old case", b"also in the open case"], closed=True),
        "open": _case(org_a, alice, "A-OPEN", [b"also in the open case"], closed=False),
        "no_policy": _case(org_b, charlie, "B-OLD", [b"kept: organisation B sets no period"], closed=True),
    }


@pytest.mark.django_db
def test_only_cases_past_the_period_are_due(cases: dict[str, Case]) -> None:
    assert cases_due(now=CLOSED + datetime.timedelta(days=29)) == []
    assert cases_due(now=CLOSED + datetime.timedelta(days=31)) == [cases["expired"]]


@pytest.mark.django_db
def test_a_dry_run_counts_and_changes_nothing(cases: dict[str, Case]) -> None:
    entries = AuditEntry.objects.count()
    (preview,) = retention_purge(actor="cli:ops", dry_run=True, now=CLOSED + datetime.timedelta(days=31))
    assert preview.rows["evidence.document"] == 2 and preview.rows["cases.case"] == 1
    assert preview.files_shredded == 1  # the other file is still used by the open case
    assert Case.objects.filter(pk=cases["expired"].pk).exists() and AuditEntry.objects.count() == entries


@pytest.mark.django_db(transaction=True)
def test_purge_deletes_the_case_shreds_its_own_files_and_records_counts_only(cases: dict[str, Case]) -> None:
    expired = cases["expired"]
    shas = dict(Document.objects.filter(case=expired).values_list("original_name", "original_sha256"))
    own, shared = vault().backend.path(shas["f0.txt"]), shas["f1.txt"]  # type: ignore[attr-defined]
    (purged,) = retention_purge(actor="cli:ops", now=CLOSED + datetime.timedelta(days=31))
    assert not Case.objects.filter(pk=expired.pk).exists()
    assert not Document.objects.filter(case_id=expired.pk).exists()
    assert not own.exists() and vault().exists(shared) and vault().verify(shared), "shared file kept and intact"
    assert Case.objects.filter(pk=cases["no_policy"].pk).exists() and Case.objects.filter(pk=cases["open"].pk).exists()
    record = AuditEntry.objects.get(action="retention.case.purged")
    assert (record.actor, record.case_id, record.object_key) == ("cli:ops", expired.pk, str(expired.public_id))
    assert record.detail["rows"]["evidence.document"] == 2 and record.detail["files_shredded"] == 1
    assert record.detail["retention_days"] == 30 and purged.files_shredded == 1
    text = json.dumps(record.detail)
    assert "Private Name" not in text and "A-OLD" not in text and "f0.txt" not in text
    assert chain_verify().ok


@pytest.mark.django_db(transaction=True)
def test_the_nightly_task_purges_as_the_system(cases: dict[str, Case]) -> None:
    with time_machine.travel(CLOSED + datetime.timedelta(days=40), tick=False):
        result = retention_purge_task.call()
    assert result["purged"] == [cases["expired"].pk]
    assert AuditEntry.objects.get(action="retention.case.purged").actor == "system"


@pytest.mark.django_db
def test_the_commands_set_the_period_and_list_what_is_due(cases: dict[str, Case], org_a: Organisation) -> None:
    import article3.backup.commands  # noqa: F401  (registers the `retention` verbs)
    from article3.cli import cli

    runner = CliRunner()
    done = runner.invoke(cli, ["retention", "set", "--org", org_a.slug, "--days", "90", "--format", "json"])
    assert done.exit_code == 0, done.output
    org_a.refresh_from_db()
    assert org_a.retention_days_after_close == 90
    assert AuditEntry.objects.filter(action="retention.period.set", organisation_id=org_a.pk).exists()
    assert runner.invoke(cli, ["retention", "set", "--org", org_a.slug]).exit_code == 1
    with time_machine.travel(CLOSED + datetime.timedelta(days=91), tick=False):
        listed = runner.invoke(cli, ["retention", "purge", "--dry-run", "--format", "json"])
    assert listed.exit_code == 0, listed.output
    (due,) = json.loads(listed.output)["cases"]
    assert due["case_id"] == cases["expired"].pk and Case.objects.filter(pk=due["case_id"]).exists()
