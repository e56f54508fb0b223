"""Recording a decision: the deadlines that follow it, with dates, traces and sources."""

import datetime

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from article3.audit.models import AuditEntry
from article3.cases.models import Case
from article3.deadlines.models import Decision, Origin
from article3.deadlines.services import decision_record
from article3.errors import DomainError
from tests.conftest import client_for

D = datetime.date


def _record(case: Case, actor: User, **fields: object) -> Decision:
    data: dict[str, object] = {"date": D(2026, 6, 1), "trigger": "ij_decision", "service": "mail",
                               "outcome": "denied"}
    return decision_record(actor=actor, case=case, **{**data, **fields})  # type: ignore[arg-type]


@pytest.mark.django_db
def test_it_adds_the_bia_appeal_to_the_demo_case_with_its_date_and_trace(demo_case: Case, alice: User) -> None:
    decision = _record(demo_case, alice, decision_maker="Judge Example", relief_refused=["cat_withholding"],
                       relief_granted=["cat_deferral"], outcome="partly_granted",
                       reasons=["credibility", "corroboration"], reasons_note="Found inconsistent on dates.")
    (appeal,) = decision.deadlines.all()
    assert appeal.rule == "bia_appeal" and appeal.case == demo_case and appeal.origin == Origin.DECISION
    assert appeal.due == D(2026, 7, 1) and appeal.target == D(2026, 7, 1)  # mailed Mon 1 June → Wed 1 July
    assert appeal.filing == "received" and appeal.verified and appeal.citation == "8 CFR 1003.38(b)"
    assert appeal.trace[:4] == [
        "Rule: BIA appeal (Form EOIR-26), 8 CFR 1003.38(b) (verified)",
        "Trigger: IJ decision mailed Mon 2026-06-01",
        "No days added for service (8 CFR 1003.38(b); Matter of Iskandarani, 29 I&N Dec. 26 (BIA 2025))",
        "30 calendar days after → Wed 2026-07-01",
    ]
    assert "Filing counts on receipt: it must arrive by Wed 2026-07-01" in appeal.trace
    assert decision.relief_refused_labels() == ["Withholding of removal under CAT"]
    assert decision.reason_labels() == ["Credibility", "Corroboration"]


@pytest.mark.django_db
def test_the_record_is_audited_without_names_or_reasons_in_words(demo_case: Case, alice: User) -> None:
    decision = _record(demo_case, alice, decision_maker="Judge Example", reasons=["relocation"],
                       reasons_note="Could move to Douala.")
    entry = AuditEntry.objects.get(action="deadlines.decision.recorded")
    assert entry.case_id == demo_case.pk and entry.object_key == decision.key
    assert entry.detail["reasons"] == ["relocation"] and entry.detail["trigger"] == "ij_decision"
    assert entry.detail["deadlines"] == [d.pk for d in decision.deadlines.all()]
    text = str(entry.detail)
    assert "Judge Example" not in text and "Douala" not in text


@pytest.mark.django_db
def test_a_final_bia_decision_also_starts_the_petition_for_review(case: Case, alice: User) -> None:
    decision = _record(case, alice, trigger="bia_decision", date=D(2026, 1, 15), service="", final=True)
    found = {d.rule: d for d in decision.deadlines.all()}
    assert set(found) == {"motion_to_reconsider", "motion_to_reopen",
                          "motion_to_reopen_changed_country_conditions", "petition_for_review"}
    # Day 30 is Sat 14 Feb; Mon 16 Feb is Presidents' Day (Washington's Birthday).
    assert found["petition_for_review"].due == D(2026, 2, 17) and found["petition_for_review"].verified
    assert found["motion_to_reconsider"].due == D(2026, 2, 17)
    assert not found["motion_to_reconsider"].verified  # the roll-over for motions is an assumption
    assert found["motion_to_reopen"].due == D(2026, 4, 15)
    assert found["motion_to_reopen_changed_country_conditions"].due is None


@pytest.mark.django_db
def test_a_final_ij_decision_starts_the_motions_before_the_judge(case: Case, alice: User) -> None:
    decision = _record(case, alice, final=True)
    rules = sorted(d.rule for d in decision.deadlines.all())
    assert rules == ["bia_appeal", "ij_motion_to_reconsider", "ij_motion_to_reopen",
                     "ij_motion_to_reopen_changed_country_conditions"]


@pytest.mark.django_db
def test_a_decision_that_is_not_final_starts_only_its_own_rules(case: Case, alice: User) -> None:
    decision = _record(case, alice, trigger="bia_decision", service="", date=D(2026, 1, 15))
    assert "petition_for_review" not in {d.rule for d in decision.deadlines.all()}


@pytest.mark.django_db
@pytest.mark.parametrize(("fields", "message"), [
    ({"service": ""}, "Say how the decision was served: given orally; mailed; served electronically"),
    ({"service": "personal"}, "counts only these ways of service: given orally; mailed"),
    ({"trigger": "individual_hearing"}, "is not a decision in the us-eoir rule pack"),
    ({"trigger": "nothing"}, "is not a decision"),
    ({"reasons": ["luck"]}, "Unknown reason: luck"),
    ({"relief_granted": ["money"]}, "Unknown relief: money"),
])
def test_bad_decisions_say_what_is_wrong_and_leave_nothing(case: Case, alice: User, fields: dict[str, object],
                                                          message: str) -> None:
    with pytest.raises(DomainError, match=message):
        _record(case, alice, **fields)
    assert not case.decisions.exists() and not case.deadlines.exists()


@pytest.mark.django_db
def test_the_form_records_the_decision_and_the_tab_lists_the_options(alice: User, case: Case) -> None:
    response = client_for(alice).post(reverse("deadlines_decision_add", kwargs={"case_id": case.public_id}), {
        "date": "2026-08-07", "trigger": "ij_decision", "service": "mail", "outcome": "denied",
        "relief_refused": ["cat_withholding", "cat_deferral"], "reasons": ["severity", "standard_not_met"],
        "final": "on"}, follow=True)
    assert response.status_code == 200
    appeal = case.deadlines.get(rule="bia_appeal")
    assert appeal.due == D(2026, 9, 8)  # day 30 is Sun 6 Sept; Mon 7 Sept is Labor Day
    assert any("Labor Day" in line for line in appeal.trace)
    page = response.content.decode()
    for words in ("Appeal", "Motion to reopen or reconsider", "New application with new evidence",
                  "Tue 8 Sep 2026", "How this date was computed", "· IJ decision · Mail", "Labor Day",
                  "8 CFR 1003.38(b)",
                  "Refused: Withholding of removal under CAT; Deferral of removal under CAT",
                  "Reasons: Severity (not severe enough to be torture), Standard of proof not met"):
        assert words in page, words
    assert 'class="badge unverified"' in page  # the immigration judge motions rely on an assumed roll-over


@pytest.mark.django_db
def test_a_bad_form_is_shown_again_with_the_reason(alice: User, case: Case) -> None:
    response = client_for(alice).post(reverse("deadlines_decision_add", kwargs={"case_id": case.public_id}), {
        "date": "2026-08-07", "trigger": "ij_decision", "outcome": "denied"})
    assert response.status_code == 200
    assert "Say how the decision was served" in response.content.decode()
    assert not case.decisions.exists()


@pytest.mark.django_db
def test_relief_cannot_be_both_granted_and_refused(alice: User, case: Case) -> None:
    response = client_for(alice).post(reverse("deadlines_decision_add", kwargs={"case_id": case.public_id}), {
        "date": "2026-08-07", "trigger": "ij_decision", "service": "oral", "outcome": "denied",
        "relief_granted": ["cat_deferral"], "relief_refused": ["cat_deferral"]})
    assert "cannot be both granted and refused" in response.content.decode()
    assert not case.decisions.exists()
