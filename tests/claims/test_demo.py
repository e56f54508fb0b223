"""The demo case through the matrix, the gap report and `article3 case check`, which agree."""

import json
import re
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from article3.audit.models import AuditEntry
from article3.cases.models import Case
from article3.claims.report import gap_report
from article3.claims.services import gap_report_check
from tests.security.live import migrated
from tests.test_cli import article3

pytestmark = pytest.mark.django_db


def url(name: str, case: Case, **kwargs: object) -> str:
    return reverse(name, kwargs={"case_id": case.public_id, **kwargs})


def test_the_demo_matrix_shows_where_the_case_is_strong_and_weak(demo_case: Case, as_alice: Client) -> None:
    html = as_alice.get(url("case_elements", demo_case)).content.decode()
    for key in ("f-detained-beaten", "f-questioned-meetings", "f-checkpoint-pattern"):
        assert key in html
    past = html[html.index('<tr id="el-past_torture">'):]
    past = past[: past.index("</tr>")]
    cells = re.findall(r'class="heat heat-(\w+)"><a [^>]*>(\d+)</a>', past)
    assert cells == [("weak", "1"), ("none", "0"), ("none", "0"), ("weak", "1"), ("none", "0"), ("none", "0")]
    assert "Corroborated" in past
    assert "No facts yet" in html[html.index('<tr id="el-not_lawful_sanction">'):]
    risk = html[html.index('<tr id="el-personal_risk">'):]
    assert "Only general evidence, nothing about this applicant" in risk[: risk.index("</tr>")]
    page = as_alice.get(url("case_element", demo_case, code="personal_risk")).content.decode()
    assert "Country expert opinion" in page and ">general<" in page


def test_the_demo_gap_report_names_its_planted_gaps(demo_case: Case, as_alice: Client) -> None:
    report = gap_report(case=demo_case)
    codes = {finding.code for finding in report.findings}
    assert {"element_unsupported", "element_uncorroborated", "coi_generic_only", "evidence_stale",
            "expert_not_individualized", "medical_findings_unlinked", "date_conflict"} <= codes
    assert "translation_missing" not in codes, "the summons has its certified translation"
    html = as_alice.get(url("case_gaps", demo_case)).content.decode()
    assert re.findall(r'data-code="(\w+)"', html) == [finding.code for finding in report.findings]
    questions = as_alice.get(url("case_questions", demo_case)).content.decode()
    assert "Linear scars on the upper back" in questions and "Arrested at a checkpoint" in questions


def test_the_command_line_prints_the_same_findings(demo_case: Case, tmp_path: Path) -> None:
    data = migrated(tmp_path / "cli")
    article3(data, "demo")
    out = article3(data, "case", "check", "DEMO-2026-001", "--format", "json")
    assert json.loads(out.stdout) == json.loads(json.dumps(gap_report(case=demo_case).as_json()))
    text = article3(data, "case", "check", "DEMO-2026-001")
    assert "Gaps in DEMO-2026-001" in text.stdout
    missing = article3(data, "case", "check", "NOPE-1", check=False)
    assert missing.returncode == 1 and "No case 'NOPE-1' in organisation 'default'" in missing.stderr


def test_a_check_is_audited(demo_case: Case) -> None:
    report = gap_report_check(actor="cli:test", case=demo_case)
    entry = AuditEntry.objects.get(action="claims.gap_report.checked")
    assert entry.actor == "cli:test" and entry.detail == {"findings": len(report.findings)}
