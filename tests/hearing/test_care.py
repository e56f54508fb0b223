"""Trauma-informed interview notes: encrypted, shown on the preparation pages, edited and deleted with an
audit trail, and kept out of every document and case package made for third parties."""

import json

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.urls import reverse

from article3.audit.models import AuditEntry
from article3.cases.models import Case
from article3.docs.render import docx_text
from article3.docs.services import document_generate
from article3.errors import StaleEdit
from article3.evidence.storage import vault
from article3.hearing import care
from article3.hearing.models import InterviewCare
from article3.interchange.exporter import manifest_for
from tests.conftest import client_for

pytestmark = pytest.mark.django_db
CANARY = "Loud voices and uniforms bring back the cell"


def _care(case: Case, user: User) -> InterviewCare:
    return care.care_set(actor=user, case=case, expected_version=None, breaks="Every 40 minutes",
                         triggers=CANARY, interviewer_gender="a woman", interpreter_gender="a woman",
                         accommodations="Ask the tribunal to let him sit facing the door")


def test_notes_are_encrypted_shown_on_the_preparation_pages_and_editable(demo_case: Case, alice: User) -> None:
    notes = _care(demo_case, alice)
    with connection.cursor() as cursor:
        cursor.execute("SELECT triggers FROM hearing_interviewcare WHERE id = %s", [notes.pk])
        assert CANARY not in str(cursor.fetchone()[0])
    client = client_for(alice)
    for name in ("case_hearing", "case_hearing_outline", "case_hearing_witnesses", "case_hearing_notes"):
        page = client.get(reverse(name, kwargs={"case_id": demo_case.public_id})).content.decode()
        assert CANARY in page and "Every 40 minutes" in page, name
    changed = care.care_set(actor=alice, case=demo_case, expected_version=notes.version, triggers="Uniforms")
    with pytest.raises(StaleEdit):
        care.care_set(actor=alice, case=demo_case, expected_version=notes.version, triggers="Stale")
    assert changed.triggers == "Uniforms" and changed.breaks == ""
    client.post(reverse("case_hearing_care_delete", kwargs={"case_id": demo_case.public_id}))
    assert not InterviewCare.objects.filter(case=demo_case).exists()
    assert set(AuditEntry.objects.filter(case_id=demo_case.pk, action__startswith="hearing.care")
               .values_list("action", flat=True)) == {"hearing.care.added", "hearing.care.updated",
                                                      "hearing.care.deleted"}


def test_kept_out_of_third_party_documents_and_packages(demo_case: Case, alice: User) -> None:
    _care(demo_case, alice)
    options = {"served_on": "Office of the Chief Counsel", "method": "hand", "date": "2027-01-20",
               "by_whom": "A. Lawyer", "documents_served": "Pre-hearing brief"}
    for kind in ("declaration", "brief", "service_certificate", "cross_examination", "hearing_outline"):
        generated = document_generate(actor="test", case=demo_case, kind=kind, options=options, pdf=False)
        assert generated.status == "done", (kind, generated.error_message)
        with vault().open(generated.docx_sha256) as handle:
            text = docx_text(handle.read())
        assert CANARY not in text and "40 minutes" not in text, kind
    full, _ = manifest_for(demo_case)
    assert full["interview_care"]["triggers"] == CANARY, "a full hand-over to the next team carries them"
    redacted, _ = manifest_for(demo_case, redact=True)
    assert "interview_care" not in redacted and CANARY not in json.dumps(redacted, default=str)
