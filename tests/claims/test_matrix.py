"""The element matrix: which kind of source each piece of support counts as, and how cells are counted."""

import pytest

from article3.cases.models import Case
from article3.chronology import services as chronology
from article3.claims.selectors import claims_snapshot, element_sources, level_of
from article3.evidence.models import MedicalFinding
from tests.claims.factories import citation_for, document_for, event_for, fact_for, support_for, translation_for

pytestmark = pytest.mark.django_db


def counts(case: Case, code: str) -> dict[str, int]:
    row = claims_snapshot(case=case).row(code)
    assert row is not None
    return {cell.source_class: cell.count for cell in row.cells if cell.count}


def test_rows_are_the_pack_applicable_elements_with_their_sources(case: Case) -> None:
    snapshot = claims_snapshot(case=case)
    codes = [row.element.code for row in snapshot.rows]
    assert codes[0] == "severe_pain_or_suffering" and "custody_or_control" in codes and len(codes) == 12
    state = snapshot.row("state_protection_unavailable")
    assert state is not None and state.element.source.verified is False
    assert all(row.status == "unsupported" and row.total == 0 for row in snapshot.rows)


def test_an_event_no_document_reports_is_the_applicant_word(case: Case) -> None:
    support_for(case)
    assert counts(case, "past_torture") == {"applicant": 1}
    assert claims_snapshot(case=case).row("past_torture").status == "uncorroborated"  # type: ignore[union-attr]


def test_an_event_counts_as_each_document_that_reports_it(case: Case) -> None:
    support_for(case)
    event = event_for(case)
    chronology.account_add(actor="test", event=event, document=document_for(case, "d-declaration", "declaration"))
    chronology.account_add(actor="test", event=event, document=document_for(case, "d-witness", "witness_statement"))
    MedicalFinding.objects.create(document=document_for(case, "d-psych", "psychological"), finding="PTSD",
                                  event=event)
    assert counts(case, "past_torture") == {"applicant": 1, "witness": 1, "medical": 1}
    row = claims_snapshot(case=case).row("past_torture")
    assert row is not None and row.status == "corroborated"
    assert [item.key for item in row.cell("applicant").items] == ["d-declaration"]


def test_a_translation_counts_as_its_original_and_sources_are_counted_once(case: Case) -> None:
    original = document_for(case, "d-threat", "threat", language="fr", pages=("Menace",))
    translation = translation_for(original)
    fact = fact_for(case)
    support_for(case, fact, kind="document", document=translation)
    support_for(case, fact, kind="document", document=document_for(case, "d-medical", "medical"), pages="2-3")
    support_for(case, fact, kind="document", document=document_for(case, "d-medical", "medical"), pages="4")
    second = fact_for(case, "f-second", elements=["past_torture"])
    support_for(case, second, kind="document", document=document_for(case, "d-medical", "medical"))
    assert counts(case, "past_torture") == {"documents": 1, "medical": 1}


def test_cited_passages_and_expert_opinions_fill_their_columns(case: Case) -> None:
    citation_for(case, elements=("country_conditions", "personal_risk"))
    fact = fact_for(case, "f-pattern", elements=["country_conditions"])
    support_for(case, fact, kind="document", document=document_for(case, "d-expert", "expert_opinion"))
    support_for(case, fact, kind="document", document=document_for(case, "d-coi", "country_information"))
    assert counts(case, "country_conditions") == {"expert": 1, "country": 2}
    assert counts(case, "personal_risk") == {"country": 1}


def test_levels_and_the_facts_behind_each_cell(case: Case) -> None:
    assert [level_of(n) for n in (0, 1, 2, 5)] == ["none", "weak", "strong", "strong"]
    support_for(case)
    fact_for(case, "f-other", elements=["past_torture"])
    support_for(case, case.facts.get(key="f-other"), kind="event", event=event_for(case))
    citation_for(case, elements=("past_torture",))
    snapshot = claims_snapshot(case=case)
    row = snapshot.row("past_torture")
    assert row is not None
    groups = {group.code: group for group in element_sources(snapshot, row)}
    (entry,) = groups["applicant"].entries
    assert entry.item.key == "e-test" and entry.facts == ("f-test", "f-other")
    (cited,) = groups["country"].entries
    assert cited.item.key == "coi-1" and cited.facts == ()
    assert groups["medical"].entries == ()
