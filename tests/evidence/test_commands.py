"""`article3 case create`, `evidence add` with hostile names, and `evidence list` (issue 17), run as a person would."""

import json
import os
from pathlib import Path

import pytest

from tests.evidence import samples
from tests.security.live import migrated
from tests.test_cli import article3


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = migrated(tmp_path_factory.mktemp("evidence-cli"))
    opened = article3(folder, "case", "create", "CLI-1", "--forum", "us-eoir", "--country", "cm",
                      "--applicant", "Test Applicant", "--format", "json")
    assert json.loads(opened.stdout)["reference"] == "CLI-1"
    return folder


def test_case_create_refuses_a_taken_reference_and_bad_input(data: Path) -> None:
    again = article3(data, "case", "create", "CLI-1", "--forum", "us-eoir", "--country", "CM", "--applicant", "X",
                     check=False)
    assert again.returncode == 1 and "cannot be used" in again.stderr and "Traceback" not in again.stderr
    bad = article3(data, "case", "create", "CLI-2", "--forum", "nowhere", "--country", "CM", "--applicant", "X",
                   check=False)
    assert bad.returncode == 1 and "Unknown forum" in bad.stderr
    listed = json.loads(article3(data, "case", "list", "--format", "json").stdout)["cases"]
    assert [c["reference"] for c in listed] == ["CLI-1"]


def test_a_hostile_file_name_is_added_and_printed_as_plain_text(data: Path, tmp_path: Path) -> None:
    raw = b"r\xe9sum\xe9 \x1b[31m[bold]red\xe2\x80\xae.txt"  # Latin-1, an escape, markup, an override
    path = os.path.join(os.fsencode(tmp_path), raw)
    with open(path, "wb") as out:
        out.write(b"A witness statement.\n" * 5)
    added = article3(data, "evidence", "add", "CLI-1", os.fsdecode(path), "--kind", "witness_statement", "--no-ocr")
    assert "\x1b" not in added.stdout and "\u202e" not in added.stdout and "Traceback" not in added.stderr
    assert "[bold]red" in added.stdout, "markup in a name is shown as text, not applied"
    listed = json.loads(article3(data, "evidence", "list", "CLI-1", "--format", "json").stdout)["documents"]
    mine = [d for d in listed if d["kind"] == "witness_statement"]
    assert mine[0]["title"] == "résumé [bold]red" and mine[0]["status"] == "ready"


def test_evidence_list_shows_pages_without_text(data: Path, tmp_path: Path) -> None:
    scan = tmp_path / "scan.pdf"
    scan.write_bytes(samples.scanned_pdf(["Medical certificate"]))
    article3(data, "evidence", "add", "CLI-1", str(scan), "--kind", "medical", "--no-ocr")
    listed = json.loads(article3(data, "evidence", "list", "CLI-1", "--format", "json").stdout)["documents"]
    medical = next(d for d in listed if d["kind"] == "medical")
    assert medical["status"] == "ready" and medical["pages"] == 1
    assert any("no text" in w for w in medical["warnings"])
    text = article3(data, "evidence", "list", "CLI-1").stdout
    assert "no text" in text and "medical" in text


def test_the_same_file_twice_is_refused_naming_the_first(data: Path, tmp_path: Path) -> None:
    first, again = tmp_path / "evaluation.txt", tmp_path / "copy of evaluation.txt"
    for path in (first, again):
        path.write_bytes(b"Medical evaluation of the applicant.\n" * 5)
    article3(data, "evidence", "add", "CLI-1", str(first), "--kind", "medical", "--title", "Medical evaluation",
             "--no-ocr")
    refused = article3(data, "evidence", "add", "CLI-1", str(again), "--kind", "medical", "--no-ocr",
                       "--format", "json", check=False)
    assert refused.returncode == 1
    row = json.loads(refused.stdout)["documents"][0]
    assert row["status"] == "refused" and "already uploaded as \u2018Medical evaluation\u2019" in row["error"]
    listed = json.loads(article3(data, "evidence", "list", "CLI-1", "--format", "json").stdout)["documents"]
    assert [d["title"] for d in listed].count("Medical evaluation") == 1, "stored once"
