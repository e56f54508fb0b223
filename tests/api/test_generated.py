"""Generated documents through the API (issue 22): asked for, made by the worker, followed to done and
downloaded (audited), with the documents page's checks; need-to-know roles reach none of them."""

from typing import Any

import pytest
from django.contrib.auth.models import User

from article3.accounts.models import Organisation, Role
from article3.audit.models import AuditEntry
from article3.cases.models import Case
from tests.api.helpers import api_for
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


def test_a_brief_skeleton_is_generated_and_downloaded(case: Case, alice: User,
                                                     django_capture_on_commit_callbacks: Any) -> None:
    api, base = api_for(alice), f"/api/v1/cases/{case.public_id}/generated-documents/"
    with django_capture_on_commit_callbacks(execute=True):  # the worker's task runs once the request commits
        asked = api.post(base, {"kind": "brief"})
    assert asked.status_code == 202, asked.json()
    state = api.get(f"{base}{asked.json()['id']}/").json()
    assert state["status"] == "done" and state["has_docx"] and state["title"] == "Brief skeleton"
    docx = api.get(f"{base}{state['id']}/docx/")
    assert docx.status_code == 200 and b"".join(docx.streaming_content).startswith(b"PK")
    assert api.get(f"{base}{state['id']}/odt/").status_code == 404
    assert [row["id"] for row in api.get(base).json()] == [state["id"]]
    assert AuditEntry.objects.filter(action="docs.document.downloaded", case_id=case.pk).count() == 1


def test_what_a_kind_needs_is_checked_before_it_is_queued(case: Case, alice: User) -> None:
    api, base = api_for(alice), f"/api/v1/cases/{case.public_id}/generated-documents/"
    refused = api.post(base, {"kind": "translation_certificate"})
    assert refused.status_code == 400 and refused.json()["detail"] != ""
    assert api.post(base, {"kind": "a_novel"}).status_code == 400
    assert not case.generated_documents.exists()


def test_need_to_know_roles_reach_no_generated_document(case: Case, org_a: Organisation,
                                                        django_capture_on_commit_callbacks: Any) -> None:
    from article3.cases.services import team_member_add
    from article3.docs.services import generated_request

    with django_capture_on_commit_callbacks(execute=True):
        made = generated_request(actor="test", case=case, kind="exhibit_list")
    interpreter = make_user(org_a, "ivan@example.org", Role.INTERPRETER)
    team_member_add(actor="test", case=case, user_id=interpreter.pk, role=Role.INTERPRETER)
    api, base = api_for(interpreter), f"/api/v1/cases/{case.public_id}/generated-documents/"
    assert api.get(base).status_code == 404
    assert api.get(f"{base}{made.pk}/").status_code == 404
    assert api.get(f"{base}{made.pk}/docx/").status_code == 404
