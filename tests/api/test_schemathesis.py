"""Schemathesis against the live schema: every operation, with a token for a seeded organisation.

Data are generated from the schema (examples, boundaries, random inputs, and sequences that follow
the schema's links); every response must be no server error and must match the schema: status code,
content type, headers and body. The examples are bounded, so the run stays within the suite's budget.
"""

import datetime
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


def _seed() -> tuple[str, str, dict[str, int]]:
    """An organisation with its admin, and one case holding a person, an event with an account, a domestic
    remedy, a fact with its support, a deadline, a decision, an interim request, a cited passage and a
    document with a finding (its PDF ready). Returns the admin's token (admin scope: every operation is
    reachable), the case's id and the numbers of the records that have no key."""
    import io

    from article3.cases.services import case_create, person_add
    from article3.chronology.services import account_add, event_add, remedy_add
    from article3.claims.services import fact_add, support_add
    from article3.deadlines.services import deadline_custom_add, interim_request_add
    from article3.evidence.models import MedicalFinding
    from article3.evidence.services import document_add
    from article3.exports.models import CaseExport
    from tests.claims.factories import citation_for
    from tests.deadlines.factories import decision_for
    from tests.docs.factories import generated_for

    org = Organisation.objects.create(slug="clinic", name="Clinic")
    attorney = make_user(org, "admin@example.org", Role.ADMIN)
    case = case_create(actor="test", organisation=org, reference="S-1", forum="us-eoir", country_of_return="CM",
                       applicant_name="Test Applicant", owner_id=attorney.pk)
    person_add(actor="test", case=case, role="family", name="A sister", relation="sister")
    event = event_add(actor="test", case=case, key="e-1", kind="detention", title="Held", date="2019-03")
    fact = fact_add(actor="test", case=case, key="f-1", text="Held for five days.", elements=["past_torture"])
    remedy_add(actor="test", case=case, key="r-1", date="2019-04", body="police", outcome="refused")
    decision_for(case)
    numbers = {
        "account": account_add(actor="test", event=event, interview="First interview").pk,
        "support": support_add(actor="test", fact=fact, kind="event", event=event).pk,
        "deadline": deadline_custom_add(actor="test", case=case, title="Expert report",
                                        due=datetime.date(2027, 1, 4)).pk,
        "interim": interim_request_add(actor="test", case=case, kind="stay_of_removal").pk,
    }
    document = document_add(actor="test", case=case, stream=io.BytesIO(b"A statement."), filename="s.txt",
                            kind="declaration", process=False)
    document.derived_sha256 = document.original_sha256  # as if converted, without running the pipeline
    document.save()
    numbers["finding"] = MedicalFinding.objects.create(document=document, finding="Scars", consistency="consistent").pk
    citation_for(case)
    numbers["generated"] = generated_for(case).pk
    numbers["export"] = CaseExport.objects.create(
        case=case, kind="gap_report", status="done", requested_by="test", sha256=document.original_sha256,
        filename="gaps.pdf", content_type="application/pdf", bytes=document.original_size).pk
    return token_for(attorney, org, scope="admin"), str(case.public_id), numbers


def _config(path: Path, case_id: str, numbers: dict[str, int]) -> Path:
    path.write_text(f"""
[parameters]
case_id = "{case_id}"
slug = "clinic"

[[operations]]
include-path-regex = "/people/"
parameters = {{ key = "p-1" }}

[[operations]]
include-path-regex = '/documents/[{{]key[}}]/'
parameters = {{ key = "d-1" }}
[[operations]]
include-path-regex = "/findings/"
parameters = {{ parent = "d-1", key = {numbers["finding"]} }}
[[operations]]
include-path-regex = "/coi-citations/"
parameters = {{ key = "coi-1" }}
[[operations]]
include-path-regex = '/events/[{{]key[}}]/$'
parameters = {{ key = "e-1" }}
[[operations]]
include-path-regex = "/accounts/"
parameters = {{ parent = "e-1", key = {numbers["account"]} }}
[[operations]]
include-path-regex = "/domestic-remedies/"
parameters = {{ key = "r-1" }}
[[operations]]
include-path-regex = '/facts/[{{]key[}}]/$'
parameters = {{ key = "f-1" }}
[[operations]]
include-path-regex = "/support/"
parameters = {{ parent = "f-1", key = {numbers["support"]} }}
[[operations]]
include-path-regex = "/deadlines/"
parameters = {{ key = {numbers["deadline"]} }}
[[operations]]
include-path-regex = "/decisions/"
parameters = {{ key = "dec-1" }}
[[operations]]
include-path-regex = "/interim-requests/"
parameters = {{ key = {numbers["interim"]} }}

[[operations]]
include-path-regex = "/exports/[{{]"
parameters = {{ pk = {numbers["export"]} }}
[[operations]]
include-path-regex = "/generated-documents/[{{]"
parameters = {{ pk = {numbers["generated"]} }}

# Each of these builds a bundle, writes a whole package or makes a document: one or two are enough.
[[operations]]
include-path-regex = "(package|packages|bundles|generated-documents|exports)/$"
generation = {{ max-examples = 1 }}

[generation]
max-examples = 3
allow-x00 = false
""")
    return path


@pytest.mark.django_db(transaction=True)
def test_schemathesis_finds_no_failure(live_server: object, tmp_path: Path, settings: object) -> None:
    settings.API_REQUESTS_PER_MINUTE = 100_000  # type: ignore[attr-defined]
    token, case_id, numbers = _seed()
    base = live_server.url  # type: ignore[attr-defined]
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    config = _config(tmp_path / "st.toml", case_id, numbers)
    command = [sys.executable, "-m", "schemathesis.cli", "--config-file", str(config),
               "run", f"{base}/api/v1/schema/", "--checks", CHECKS, "--header", f"Authorization: Bearer {token}",
               "--workers", "1", "--seed", "3", "--mode", "positive", "--no-shrink",
               "--request-timeout", "30"]
    done = subprocess.run(command, capture_output=True, text=True, timeout=400, env=env, cwd=tmp_path)
    report = done.stdout[-6000:].replace(token, "TOKEN")
    assert done.returncode == 0, report
    selected, total = re.search(r"Selected: (\d+)/(\d+)", report).groups()  # type: ignore[union-attr]
    tested = re.search(r"Tested: (\d+)", report).group(1)  # type: ignore[union-attr]
    assert selected == total == tested and int(total) >= 20, "every operation of the schema was tested"
