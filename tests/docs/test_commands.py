"""`article3 docs generate`: once as a real process on a fresh data folder, then in this process."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document

from article3.audit.models import AuditEntry
from article3.cases.models import Case
from article3.docs.commands import KINDS, docs_generate
from article3.docs.models import DocKind
from tests.security.live import migrated


def test_the_command_knows_every_kind() -> None:
    assert tuple(DocKind.values) == KINDS


def test_the_command_runs_as_a_person_would(tmp_path: Path) -> None:
    env = {**os.environ, "ARTICLE3_DATA": str(migrated(tmp_path / "data"))}
    for name in ("DJANGO_SETTINGS_MODULE", "DATABASE_URL", "ARTICLE3_AUDIT_GUARD"):
        env.pop(name, None)

    def article3(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "article3", *args], env=env, capture_output=True, text=True,
                              timeout=300, check=False)

    assert article3("demo").returncode == 0
    out = tmp_path / "declaration.docx"
    done = article3("docs", "generate", "DEMO-2026-001", "--kind", "declaration", "--out", str(out),
                    "--format", "json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["file"] == str(out)
    assert "Declaration of Joseph Tabe" in "\n".join(p.text for p in Document(str(out)).paragraphs)
    missing = article3("docs", "generate", "DEMO-2026-001", "--kind", "translation_certificate", "--out",
                       str(tmp_path / "x.docx"))
    assert missing.returncode == 1 and "Choose the translated document" in missing.stderr


@pytest.mark.django_db
def test_service_certificate_in_json(demo_case: Case, tmp_path: Path) -> None:
    out = tmp_path / "service.docx"
    result = CliRunner().invoke(docs_generate, [
        "DEMO-2026-001", "--org", "clinic-a", "--kind", "service_certificate", "--out", str(out),
        "--served-on", "Office of the Chief Counsel", "--method", "hand delivery", "--date", "2026-11-20",
        "--by-whom", "Ana Ruiz", "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["kind"] == "service_certificate" and data["pdf"] is None and data["warnings"] == []
    text = "\n".join(p.text for p in Document(str(out)).paragraphs)
    assert "I, Ana Ruiz, certify that on 20 November 2026 I served" in text
    assert AuditEntry.objects.filter(action="docs.document.generated", actor="system").exists()


@pytest.mark.django_db
def test_translation_certificate_for_the_demo_summons(demo_case: Case, tmp_path: Path) -> None:
    out = tmp_path / "cert.docx"
    result = CliRunner().invoke(docs_generate, [
        "DEMO-2026-001", "--org", "clinic-a", "--kind", "translation_certificate", "--document", "d-summons",
        "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "Warning: Fill in the translator's address" in result.output
    text = "\n".join(p.text for p in Document(str(out)).paragraphs)
    assert "competent to translate from French into English" in text and "5 October 2026" in text
    assert "true and accurate to the best of my abilities" in text  # the US wording (8 CFR 1003.33)
