"""Schemathesis against the live schema: every operation, with a token for a seeded organisation.

Data are generated from the schema (examples, boundaries, random inputs, and sequences that follow
the schema's links); every response must be no server error and must match the schema: status code,
content type, headers and body. The examples are bounded, so the run stays within the suite's budget.
"""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from article3.accounts.models import Organisation, Role
from tests.api.helpers import token_for
from tests.conftest import make_user

CHECKS = ("not_a_server_error,status_code_conformance,content_type_conformance,"
          "response_headers_conformance,response_schema_conformance")


def _seed() -> tuple[str, str]:
    """An organisation with its admin, one case holding a person, an event, a fact and a document (its PDF
    ready); the admin's token, with the admin scope so that every operation is reachable."""
    import io

    from article3.cases.services import case_create, person_add
    from article3.chronology.services import event_add
    from article3.claims.services import fact_add
    from article3.evidence.services import document_add

    org = Organisation.objects.create(slug="clinic", name="Clinic")
    attorney = make_user(org, "admin@example.org", Role.ADMIN)
    case = case_create(actor="test", organisation=org, reference="S-1", forum="us-eoir", country_of_return="CM",
                       applicant_name="Test Applicant", owner_id=attorney.pk)
    person_add(actor="test", case=case, role="family", name="A sister", relation="sister")
    event_add(actor="test", case=case, key="e-1", kind="detention", title="Held", date="2019-03")
    fact_add(actor="test", case=case, key="f-1", text="Held for five days.", elements=["past_torture"])
    document = document_add(actor="test", case=case, stream=io.BytesIO(b"A statement."), filename="s.txt",
                            kind="declaration", process=False)
    document.derived_sha256 = document.original_sha256  # as if converted, without running the pipeline
    document.save()
    return token_for(attorney, org, scope="admin"), str(case.public_id)


def _config(path: Path, case_id: str) -> Path:
    path.write_text(f"""
[parameters]
case_id = "{case_id}"
slug = "clinic"

[[operations]]
include-path-regex = "/people/"
parameters = {{ key = "p-1" }}

[[operations]]
include-path-regex = "/documents/"
parameters = {{ key = "d-1" }}
[[operations]]
include-path-regex = "/events/"
parameters = {{ key = "e-1" }}
[[operations]]
include-path-regex = "/facts/"
parameters = {{ key = "f-1" }}

# Each of these builds a bundle or writes a whole package: one or two are enough.
[[operations]]
include-path-regex = "(package|packages|bundles)/$"
generation = {{ max-examples = 1 }}

[generation]
max-examples = 5
allow-x00 = false
""")
    return path


@pytest.mark.django_db(transaction=True)
def test_schemathesis_finds_no_failure(live_server: object, tmp_path: Path, settings: object) -> None:
    settings.API_REQUESTS_PER_MINUTE = 100_000  # type: ignore[attr-defined]
    token, case_id = _seed()
    base = live_server.url  # type: ignore[attr-defined]
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    command = [sys.executable, "-m", "schemathesis.cli", "--config-file", str(_config(tmp_path / "st.toml", case_id)),
               "run", f"{base}/api/v1/schema/", "--checks", CHECKS, "--header", f"Authorization: Bearer {token}",
               "--workers", "1", "--seed", "3", "--mode", "positive", "--no-shrink",
               "--request-timeout", "30"]
    done = subprocess.run(command, capture_output=True, text=True, timeout=400, env=env, cwd=tmp_path)
    report = done.stdout[-6000:].replace(token, "TOKEN")
    assert done.returncode == 0, report
    selected, total = re.search(r"Selected: (\d+)/(\d+)", report).groups()  # type: ignore[union-attr]
    tested = re.search(r"Tested: (\d+)", report).group(1)  # type: ignore[union-attr]
    assert selected == total == tested and int(total) >= 20, "every operation of the schema was tested"
