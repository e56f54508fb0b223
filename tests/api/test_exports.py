"""Files made on the worker, through the API (issues 18 and 22): the gap report's PDF and a large case's
package are asked for, made, polled and downloaded (audited); a package only for attorneys and admins."""

import io
from typing import Any

import pytest
from django.contrib.auth.models import User

from article3.audit.models import AuditEntry
from article3.cases.models import Case
from tests.api.helpers import api_for

pytestmark = pytest.mark.django_db


def test_the_gap_reports_pdf_is_made_on_the_worker_and_downloaded(case: Case, alice: User,
                                                                   django_capture_on_commit_callbacks: Any) -> None:
    api, base = api_for(alice), f"/api/v1/cases/{case.public_id}/exports/"
    with django_capture_on_commit_callbacks(execute=True):
        asked = api.post(base, {"kind": "gap_report"})
    assert asked.status_code == 202, asked.json()
    state = api.get(f"{base}{asked.json()['id']}/").json()
    assert state["status"] == "done" and state["filename"].endswith(".pdf")
    pdf = api.get(f"{base}{state['id']}/file/")
    assert pdf.status_code == 200 and b"".join(pdf.streaming_content).startswith(b"%PDF")
    assert AuditEntry.objects.filter(action="exports.file.downloaded", case_id=case.pk).count() == 1
    assert api.post(base, {"kind": "a_novel"}).status_code == 400


def test_a_large_cases_package_is_made_on_the_worker(case: Case, alice: User, bob: User, settings: Any,
                                                     django_capture_on_commit_callbacks: Any) -> None:
    from article3.evidence.services import document_add

    settings.ARTICLE3_PACKAGE_IN_REQUEST_BYTES = 10
    document_add(actor="test", case=case, stream=io.BytesIO(b"A statement longer than ten bytes."),
                 filename="s.txt", kind="witness_statement", process=False)
    api = api_for(alice)
    refused = api.get(f"/api/v1/cases/{case.public_id}/package/")
    assert refused.status_code == 409 and "exports/" in refused.json()["detail"]
    base = f"/api/v1/cases/{case.public_id}/exports/"
    assert api_for(bob).post(base, {"kind": "case_package"}).status_code == 403, "a viewer takes no package"
    with django_capture_on_commit_callbacks(execute=True):
        asked = api.post(base, {"kind": "case_package", "redact": True})
    assert asked.status_code == 202, asked.json()
    package = api.get(f"{base}{asked.json()['id']}/file/")
    assert package.status_code == 200 and b"".join(package.streaming_content).startswith(b"PK")
    assert api_for(bob).get(f"{base}{asked.json()['id']}/").status_code == 403
