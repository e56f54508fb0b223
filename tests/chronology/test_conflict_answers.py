"""A conflict between sources can be explained, or resolved by correcting a source, and reopened."""

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from article3.audit.models import AuditEntry
from article3.cases.models import Case
from article3.claims.report import gap_report
from tests.chronology.factories import conflict_for
from tests.conftest import client_for

pytestmark = pytest.mark.django_db
EXPLANATION = "She counted from the day of the second arrest; the interpreter confirmed it."


def _url(name: str, case: Case, conflict_id: str) -> str:
    return reverse(name, kwargs={"case_id": case.public_id, "conflict_id": conflict_id})


def _severity(case: Case, event_key: str) -> str:
    [finding] = [f for f in gap_report(case=case).findings if f.code == "date_conflict" and event_key in f.refs]
    return finding.severity


def test_an_explained_conflict_drops_to_low_and_says_so(case: Case, as_alice: Client) -> None:
    conflict_id = conflict_for(case)
    assert _severity(case, "e-disputed") == "high"
    response = as_alice.post(_url("case_conflict_answer", case, conflict_id),
                             {"status": "explained", "note": EXPLANATION}, follow=True)
    page = response.content.decode()
    assert f"#{conflict_id}" in response.redirect_chain[-1][0]
    assert "Saved: dates disagree marked explained." in page and EXPLANATION in page
    assert _severity(case, "e-disputed") == "low"
    chronology = as_alice.get(reverse("case_chronology", kwargs={"case_id": case.public_id})).content.decode()
    assert "(explained)" in chronology and EXPLANATION in chronology
    assert AuditEntry.objects.filter(case_id=case.pk, action="chronology.conflict.explained",
                                     object_key=conflict_id).exists()


def test_reopening_restores_the_severity(case: Case, as_alice: Client) -> None:
    conflict_id = conflict_for(case)
    as_alice.post(_url("case_conflict_answer", case, conflict_id), {"status": "corrected",
                                                                    "note": "Declaration ¶14 corrected."})
    assert _severity(case, "e-disputed") == "low"
    as_alice.post(_url("case_conflict_reopen", case, conflict_id))
    assert _severity(case, "e-disputed") == "high"
    assert AuditEntry.objects.filter(action="chronology.conflict.reopened").count() == 1


def test_an_answer_without_words_is_not_saved(case: Case, as_alice: Client) -> None:
    conflict_id = conflict_for(case)
    response = as_alice.post(_url("case_conflict_answer", case, conflict_id), {"status": "explained", "note": " "},
                             follow=True)
    assert "Not saved" in response.content.decode()
    assert _severity(case, "e-disputed") == "high"


def test_an_unknown_conflict_or_another_case_is_not_found(case: Case, as_alice: Client, charlie: User) -> None:
    conflict_id = conflict_for(case)
    assert as_alice.post(_url("case_conflict_answer", case, "c-0000000000"),
                         {"status": "explained", "note": "x"}).status_code == 404
    assert client_for(charlie).post(_url("case_conflict_answer", case, conflict_id),
                                    {"status": "explained", "note": "x"}).status_code == 404
    assert _severity(case, "e-disputed") == "high"


def test_the_pages_show_no_finding_codes(case: Case, as_alice: Client) -> None:
    conflict_for(case)
    chronology = as_alice.get(reverse("case_chronology", kwargs={"case_id": case.public_id})).content.decode()
    event = as_alice.get(reverse("case_event", kwargs={"case_id": case.public_id, "key": "e-disputed"}))
    for page in (chronology, event.content.decode()):
        assert "Dates disagree" in page and "<code>date_conflict</code>" not in page


def test_the_event_page_shows_each_side_of_a_grouped_disagreement(case: Case, as_alice: Client) -> None:
    """The chronology agrees with the first interview: both are shown, with the second interview."""
    from article3.chronology.conflicts import conflicts
    from article3.chronology.selectors import chronology_snapshot

    conflict_for(case)
    [conflict] = [c for c in conflicts(chronology_snapshot(case=case)) if "e-disputed" in c.event_keys]
    assert [s.label for s in conflict.sides] == ["The chronology", "First interview", "Second interview"]
