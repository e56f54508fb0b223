"""The client's answers: recorded, approved by the attorney, and then the conflict's explanation in the
chronology, the gap report and the declaration draft; edited, withdrawn and deleted, all audited."""

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from article3.accounts.models import Role
from article3.audit.models import AuditEntry
from article3.cases.models import Case
from article3.cases.services import team_member_add
from article3.claims.report import gap_report
from article3.docs.render import docx_text
from article3.docs.services import document_generate
from article3.errors import DomainError, NotPermitted
from article3.evidence.storage import vault
from article3.hearing import services
from article3.hearing.models import CrossAnswer
from article3.hearing.questions import preparation
from tests.conftest import client_for, make_user

pytestmark = pytest.mark.django_db
ANSWER = "The doctor saw me in April and wrote the month of the examination, not of the detention."


def _date_question(case: Case) -> str:
    [question] = [q for q in preparation(case=case).questions if q.finding.code == "date_conflict"]
    return question.id


def _declaration(case: Case) -> str:
    generated = document_generate(actor="test", case=case, kind="declaration", pdf=False)
    assert generated.status == "done", generated.error_message
    with vault().open(generated.docx_sha256) as handle:
        return docx_text(handle.read())


def test_an_approved_answer_explains_the_conflict_everywhere(demo_case: Case, alice: User) -> None:
    question_id = _date_question(demo_case)
    answer = services.answer_record(actor=alice, case=demo_case, question_id=question_id, answer=ANSWER)
    assert not answer.approved and not demo_case.conflict_notes.exists(), "nothing goes on record before approval"
    assert "Why some details differ" not in _declaration(demo_case)

    services.answer_approve(actor=alice, answer=answer)
    note = demo_case.conflict_notes.get(conflict_id=question_id)
    assert note.status == "explained" and note.note == ANSWER
    assert all(q.id != question_id for q in preparation(case=demo_case).questions), "explained: no question"
    [finding] = [f for f in gap_report(case=demo_case).findings if f.code == "date_conflict"]
    assert finding.severity == "low" and ANSWER in finding.message
    declaration = _declaration(demo_case)
    assert "Why some details differ" in declaration
    assert "The doctor saw me in April and wrote the month of the examination" in declaration
    assert "[conflict: see chronology]" not in declaration
    actions = set(AuditEntry.objects.filter(case_id=demo_case.pk, object_key=question_id)
                  .values_list("action", flat=True))
    assert {"hearing.answer.added", "hearing.answer.approved", "chronology.conflict.explained"} <= actions


def test_changing_an_approved_answer_reopens_the_conflict_until_approved_again(demo_case: Case,
                                                                                alice: User) -> None:
    question_id = _date_question(demo_case)
    answer = services.answer_record(actor=alice, case=demo_case, question_id=question_id, answer=ANSWER)
    answer = services.answer_approve(actor=alice, answer=answer)
    changed = services.answer_update(actor=alice, answer=answer, expected_version=answer.version,
                                     text="It was March; the report is wrong.")
    assert not changed.approved and changed.version == answer.version + 1
    assert not demo_case.conflict_notes.exists()
    assert any(q.id == question_id and q.answer for q in preparation(case=demo_case).questions)
    with pytest.raises(DomainError, match="changed by someone else"):
        services.answer_update(actor=alice, answer=changed, expected_version=answer.version, text="Stale.")
    approved = services.answer_approve(actor=alice, answer=changed)
    services.answer_withdraw(actor=alice, answer=approved)
    assert not demo_case.conflict_notes.exists()
    services.answer_delete(actor=alice, answer=CrossAnswer.objects.get(pk=answer.pk))
    assert not CrossAnswer.objects.filter(case=demo_case).exists()
    assert AuditEntry.objects.filter(case_id=demo_case.pk, action="hearing.answer.deleted").exists()


def test_bad_input_and_roles_are_refused_with_a_reason(demo_case: Case, alice: User, org_a: object) -> None:
    question_id = _date_question(demo_case)
    with pytest.raises(DomainError, match="Write the client's answer"):
        services.answer_record(actor=alice, case=demo_case, question_id=question_id, answer="   ")
    with pytest.raises(DomainError, match="no longer open"):
        services.answer_record(actor=alice, case=demo_case, question_id="c-ffffffffff", answer=ANSWER)
    answer = services.answer_record(actor=alice, case=demo_case, question_id=question_id, answer=ANSWER)
    with pytest.raises(DomainError, match="already has an answer"):
        services.answer_record(actor=alice, case=demo_case, question_id=question_id, answer=ANSWER)
    paula = make_user(org_a, "paula@example.org", Role.PARALEGAL)  # type: ignore[arg-type]
    team_member_add(actor="test", case=demo_case, user_id=paula.pk, role=Role.PARALEGAL)
    with pytest.raises(NotPermitted, match="Only the case's attorney"):
        services.answer_approve(actor=paula, answer=answer)
    assert not CrossAnswer.objects.get(pk=answer.pk).approved


def _page(client: Client, case: Case) -> str:
    return client.get(reverse("case_hearing", kwargs={"case_id": case.public_id})).content.decode()


def test_the_hearing_tab_records_and_approves_an_answer(demo_case: Case, alice: User, bob: User,
                                                        charlie: User) -> None:
    question_id = _date_question(demo_case)
    as_alice = client_for(alice)
    page = _page(as_alice, demo_case)
    assert "Anticipated cross-examination" in page and "Which is right, and why do they differ?" in page
    assert "No bundle has been built yet" in page and "Dates disagree between sources" in page
    assert "date_conflict" not in page and "e-arrest-2019" not in page, "no codes or keys on the page"
    url = reverse("case_hearing_answer_add", kwargs={"case_id": demo_case.public_id})
    empty = as_alice.post(url, {"question": question_id, "answer": ""}, follow=True).content.decode()
    assert "Write the client&#x27;s answer before saving it." in empty
    done = as_alice.post(url, {"question": question_id, "answer": ANSWER}, follow=True).content.decode()
    assert "Awaiting the attorney's approval." in done and "Answer recorded." in done
    answer = CrossAnswer.objects.get(case=demo_case)
    approve = reverse("case_hearing_answer_approve", kwargs={"case_id": demo_case.public_id, "pk": answer.pk})
    assert client_for(bob).post(approve, {"approve": "yes"}).status_code == 403, "a viewer reads only"
    assert client_for(charlie).get(reverse("case_hearing", kwargs={"case_id": demo_case.public_id})).status_code \
        == 404
    approved = as_alice.post(approve, {"approve": "yes"}, follow=True).content.decode()
    assert "Conflicts explained by the client" in approved and ANSWER in approved
    assert AuditEntry.objects.filter(case_id=demo_case.pk, action="cases.page.viewed", object_key="hearing").exists()
