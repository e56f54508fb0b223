"""Keys carry no typed text: new records get `prefix-number`; keys from an imported package stay."""

import datetime
import io

import pytest

from article3.cases import services as cases
from article3.cases.models import Case
from article3.cases.services import unique_key
from article3.chronology import services as chronology
from article3.chronology.selectors import chronology_snapshot
from article3.claims import services as claims
from article3.deadlines import services as deadlines
from article3.evidence.services import document_add

NAME = "Emmanuel Tabe"


def test_the_next_number_follows_the_highest_and_ignores_other_keys() -> None:
    assert unique_key(existing=set(), prefix="f") == "f-1"
    assert unique_key(existing={"f-1", "f-2", "f-arrest", "fx-9", "dec-7"}, prefix="f") == "f-3"
    assert unique_key(existing={"f-1", "f-7"}, prefix="f") == "f-8", "a deleted record's number is not reused"
    assert unique_key(existing={"d-4"}, prefix="dec") == "dec-1"


@pytest.mark.django_db
def test_records_typed_by_users_get_opaque_keys(case: Case) -> None:
    person = cases.person_add(actor="test", case=case, role="family", name=NAME, relation=f"brother {NAME}")
    agent = cases.feared_agent_add(actor="test", case=case, description=f"Colonel {NAME}", official=True)
    fact = claims.fact_add(actor="test", case=case, text=f"{NAME} was held for five days.", elements=[])
    event = chronology.event_add(actor="test", case=case, kind="detention", date="2019-03", title=NAME)
    remedy = chronology.remedy_add(actor="test", case=case, date="2019-04", body="police", outcome="retaliation")
    document = document_add(actor="test", case=case, stream=io.BytesIO(b"x"), filename=f"{NAME}.txt",
                            kind="medical", process=False)
    decision = deadlines.decision_record(actor="test", case=case, date=datetime.date(2026, 5, 4),
                                         trigger="ij_decision", outcome="denied", service="mail")
    keys = [person.key, agent.key, fact.key, event.key, remedy.key, document.key, decision.key]
    assert keys == ["p-1", "a-1", "f-1", "e-1", "r-1", "d-1", "dec-1"]


@pytest.mark.django_db
def test_imported_keys_are_kept_and_new_ones_number_past_them(case: Case) -> None:
    cases.person_add(actor="test", case=case, key="p-brother", role="family", name="A", relation="brother")
    cases.person_add(actor="test", case=case, key="p-4", role="family", name="B", relation="sister")
    added = cases.person_add(actor="test", case=case, role="family", name="C", relation="mother")
    assert sorted(case.people.values_list("key", flat=True)) == ["p-4", "p-5", "p-brother"] and added.key == "p-5"


@pytest.mark.django_db
def test_interview_sources_are_numbered_not_named(case: Case) -> None:
    event = chronology.event_add(actor="test", case=case, kind="detention", date="2019-03")
    for interview in (f"Interview with {NAME}", "Credible fear interview", f"interview with  {NAME.lower()}"):
        chronology.account_add(actor="test", event=event, interview=interview, date="2019-03")
    (view,) = chronology_snapshot(case=case).view.events
    assert [a.source.key for a in view.accounts] == ["interview:1", "interview:2", "interview:1"]
    assert [a.source.label for a in view.accounts][1] == "Credible fear interview", "people still see the name"
