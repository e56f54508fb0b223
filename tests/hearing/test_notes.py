"""Hearing notes (per question, what the judge asked) and the oral decision, which starts the deadlines."""

import datetime

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from article3.audit.models import AuditEntry
from article3.cases.models import Case
from article3.deadlines.models import Decision
from article3.errors import DomainError
from article3.hearing import notes
from article3.hearing.models import HearingNote
from article3.hearing.questions import preparation
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def test_notes_are_added_edited_and_deleted_with_an_audit_trail(demo_case: Case, alice: User) -> None:
    question = preparation(case=demo_case).questions[0]
    note = notes.note_add(actor=alice, case=demo_case, text="Asked why the report says April.",
                          question_id=question.id, judge_asked=True)
    with pytest.raises(DomainError, match="Write the note"):
        notes.note_add(actor=alice, case=demo_case, text="  ")
    edited = notes.note_update(actor=alice, note=note, expected_version=note.version, text="Asked about April.",
                               judge_asked=False)
    assert edited.text == "Asked about April." and not edited.judge_asked and edited.version == note.version + 1
    notes.note_delete(actor=alice, note=edited)
    assert not HearingNote.objects.exists()
    assert set(AuditEntry.objects.filter(case_id=demo_case.pk, action__startswith="hearing.note")
               .values_list("action", flat=True)) == {"hearing.note.added", "hearing.note.updated",
                                                      "hearing.note.deleted"}


def test_the_notes_page_shows_the_question_and_records_an_oral_decision(demo_case: Case, alice: User) -> None:
    client = client_for(alice)
    question = preparation(case=demo_case).questions[0]
    add = reverse("case_hearing_note_add", kwargs={"case_id": demo_case.public_id})
    page = client.post(add, {"question": question.id, "judge_asked": "on", "text": "The judge asked about it."},
                       follow=True).content.decode()
    assert "Note saved." in page and "The judge asked this" in page and "The judge asked about it." in page
    assert question.text[:60] in page
    refused = client.post(add, {"question": "", "text": ""}).content.decode()
    assert "Write the note before saving it." in refused
    decision = reverse("case_hearing_decision", kwargs={"case_id": demo_case.public_id})
    done = client.post(decision, {"date": "2027-02-10", "trigger": "ij_decision", "outcome": "denied",
                                  "service": "oral"}, follow=True).content.decode()
    recorded = Decision.objects.get(case=demo_case)
    assert recorded.date == datetime.date(2027, 2, 10) and recorded.service == "oral"
    assert recorded.deadlines.exists(), "the oral decision starts the forum's deadlines"
    assert f"Decision recorded, with {recorded.deadlines.count()} deadline" in done
