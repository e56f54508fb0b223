"""The example client in examples/ runs against the live server, as a clinic would run it."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from article3.accounts.models import Organisation, Role
from tests.api.helpers import token_for
from tests.conftest import make_user

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


@pytest.mark.django_db(transaction=True)
def test_the_example_client_opens_a_case_uploads_and_downloads_the_bundle(live_server: object,
                                                                          tmp_path: Path) -> None:
    from article3.cases.models import Case

    org = Organisation.objects.create(slug="clinic", name="Clinic")
    token = token_for(make_user(org, "ana@example.org", Role.ATTORNEY), org, scope="write")
    statement, letter = tmp_path / "statement.txt", tmp_path / "letter.txt"
    statement.write_text("Statement of the applicant about the detention.")
    letter.write_text("Letter from the clinic that examined the applicant.")
    env = {**os.environ, "ARTICLE3_TOKEN": token}
    done = subprocess.run(
        [sys.executable, str(EXAMPLES / "docassemble_to_article3.py"), "--base", live_server.url,  # type: ignore[attr-defined]
         str(EXAMPLES / "interview.json"), str(statement), str(letter), "--out", str(tmp_path / "bundle")],
        env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr + done.stdout
    assert token not in done.stdout + done.stderr
    (volume,) = (tmp_path / "bundle").iterdir()
    assert volume.read_bytes().startswith(b"%PDF") and "Downloaded" in done.stdout
    case = Case.objects.get(reference="EX-2026-001")
    assert case.applicant.name == "Test Applicant" and case.documents.count() == 2
