"""Questions for the client: only what the client can help with, each asked once."""

import pytest

from article3.cases.models import Case
from article3.claims.report import gap_report
from article3.evidence.models import MedicalFinding
from tests.claims.factories import document_for, event_for, fact_for, support_for

pytestmark = pytest.mark.django_db


def test_a_question_asked_for_two_gaps_is_asked_once_with_both_reasons(case: Case) -> None:
    fact = fact_for(case, "f-militia", elements=["official_involvement"])
    support_for(case, fact, kind="event", event=event_for(case, "e-militia", kind="harm"))
    questions = gap_report(case=case).questions
    (who,) = [q for q in questions if q.text.startswith("Who did this to you?")]
    assert who.topic == "Official involvement or acquiescence"
    assert who.reasons == ["acquiescence_unsupported", "element_uncorroborated"]
    assert "f-militia" in who.refs and "e-militia" in who.refs


def test_team_work_is_not_asked_of_the_client_but_what_the_doctor_noted_is(case: Case) -> None:
    expert = document_for(case, "d-expert", "expert_opinion", date="2026-09")
    medical = document_for(case, "d-medical", "medical", date="2026-09")
    MedicalFinding.objects.create(document=medical, finding="Burn marks on both forearms")
    report = gap_report(case=case)
    assert {"expert_not_individualized", "medical_findings_unlinked"} <= {f.code for f in report.findings}
    texts = [q.text for q in report.questions]
    assert not any(expert.key in q.refs for q in report.questions)
    assert "The doctor noted: “Burn marks on both forearms”. What caused this, and when did it happen?" in texts
