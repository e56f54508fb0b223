"""Anticipated cross-examination on the demo case, checked against the last bundle build's page map."""

import json

import pytest
from click.testing import CliRunner

from article3.bundles.models import BundleBuild
from article3.bundles.services import bundle_request, bundle_run
from article3.cases.models import Case
from article3.chronology import services as chronology
from article3.chronology.conflicts import conflicts
from article3.chronology.selectors import chronology_snapshot
from article3.evidence.services import document_process
from article3.hearing.questions import preparation

pytestmark = pytest.mark.django_db


def _build(case: Case) -> BundleBuild:
    for document in case.documents.all():
        document_process(document=document, ocr=False)
    build = bundle_run(build=bundle_request(actor="test", case=case, profile="us-eoir", queue=False))
    assert build.status == "done", build.error_message
    return build


def _plant_place_conflict(case: Case) -> None:
    """A second contradiction: the medical report puts the beating in another town than the declaration."""
    beating = case.events.get(key="e-beating-2019")
    chronology.account_add(actor="test", event=beating, document=case.documents.get(key="d-medical"), page=1,
                           date="2019-03-15", place="Douala")


def _expected_pages(build: BundleBuild, case: Case, conflict_account_keys: tuple[str, ...]) -> set[tuple[str, int]]:
    """(document, bundle page) of each source document of the conflict, read from the page map itself."""
    snapshot = chronology_snapshot(case=case)
    by_key = {snapshot.account_keys[a.pk]: a for e in snapshot.events for a in e.accounts.all()}
    documents = build.page_map["documents"]
    return {(a.document.key, documents[a.document.key]["start"] + (a.page or 1) - 1)
            for a in (by_key[k] for k in conflict_account_keys) if a.document is not None}


def test_every_planted_conflict_has_a_question_with_both_bundle_pages(demo_case: Case) -> None:
    _plant_place_conflict(demo_case)
    build = _build(demo_case)
    prep = preparation(case=demo_case)
    assert prep.pages.build_id == build.pk
    found = [c for c in conflicts(chronology_snapshot(case=demo_case)) if c.note is None]
    assert {c.finding.code for c in found} >= {"date_conflict", "place_conflict"}
    two_documents = set()
    for conflict in found:
        question = prep.by_id(conflict.id)
        assert question is not None and not question.answered, conflict.finding.code
        pinned = {(p.document.key, p.bundle_page) for p in question.pinpoints}
        expected = _expected_pages(build, demo_case, conflict.account_keys)
        assert expected and expected <= pinned, conflict.finding.code
        if len(expected) >= 2:
            two_documents.add(conflict.finding.code)
    assert two_documents == {"date_conflict", "place_conflict"}, "each planted conflict sets two documents apart"
    # The detention dates: declaration ¶14 on its page 1, the medical report on its page 1.
    [dates] = [q for q in prep.questions if q.finding.code == "date_conflict"]
    declaration = build.page_map["documents"]["d-declaration"]
    medical = build.page_map["documents"]["d-medical"]
    assert (f"Your declaration at Exh. {declaration['label']} p. {declaration['start']} ¶ 14 says 14–19 March 2019"
            in dates.text)
    assert f"the medical report at Exh. {medical['label']} p. {medical['start']} says April 2019" in dates.text
    assert dates.text.endswith("Which is right, and why do they differ?")
    places = [q for q in prep.questions if q.finding.code == "place_conflict"]
    assert places and all("says it happened in Douala" in q.text and "Where did it happen" in q.text
                          for q in places)


def test_an_explained_conflict_asks_nothing(demo_case: Case) -> None:
    [conflict] = [c for c in conflicts(chronology_snapshot(case=demo_case)) if c.finding.code == "date_conflict"]
    assert any(q.id == conflict.id for q in preparation(case=demo_case).questions)
    chronology.conflict_note_set(actor="test", case=demo_case, conflict_id=conflict.id, status="explained",
                                 note="The doctor wrote the month of the examination, not of the detention.")
    prep = preparation(case=demo_case)
    assert all(q.id != conflict.id for q in prep.questions)
    assert not [q for q in prep.questions if q.finding.code.endswith("_conflict")]
    assert prep.by_id(conflict.id).answered  # type: ignore[union-attr]


def test_other_weak_points_make_questions_without_a_bundle(demo_case: Case) -> None:
    """Before any build, pages are the documents' own and the bundle is null; the element resting on the
    applicant's word and the out-of-date report each ask something."""
    data = preparation(case=demo_case).as_json()
    assert data["bundle"] is None
    codes = [q["finding"] for q in data["questions"]]
    assert codes[0] == "date_conflict"
    assert {"element_uncorroborated", "evidence_stale"} <= set(codes)
    for question in data["questions"]:
        assert set(question) == {"text", "finding", "refs", "pinpoints", "answer"}
        assert all(p["bundle_page"] is None for p in question["pinpoints"])
    [dates] = [q for q in data["questions"] if q["finding"] == "date_conflict"]
    assert {"document": "d-declaration", "page": 1, "bundle_page": None} in dates["pinpoints"]
    assert "Your declaration at p. 1 ¶ 14 says" in dates["text"]


def test_an_attempt_at_protection_with_no_aftermath_asks_what_followed(demo_case: Case) -> None:
    chronology.remedy_add(actor="test", case=demo_case, date="2019-05-20", body="court", outcome="pending",
                          description="Petition to the court of first instance")
    [question] = [q for q in preparation(case=demo_case).questions if q.finding.code == "remedy_unexplained"]
    assert question.text.startswith("You went to the court on 20 May 2019. What happened after that")


def test_the_command_prints_the_questions_as_json(demo_case: Case) -> None:
    from article3.cli import cli
    from article3.hearing import commands  # noqa: F401  (registers the verb)

    build = _build(demo_case)
    result = CliRunner().invoke(cli, ["hearing", "prep", demo_case.reference, "--org", "clinic-a", "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["bundle"] == build.pk
    [dates] = [q for q in data["questions"] if q["finding"] == "date_conflict"]
    start = build.page_map["documents"]["d-medical"]["start"]
    assert {"document": "d-medical", "page": 1, "bundle_page": start} in dates["pinpoints"]
    assert "e-arrest-2019" in dates["refs"] and dates["answer"] is None
    missing = CliRunner().invoke(cli, ["hearing", "prep", "NO-SUCH", "--org", "clinic-a", "--format", "json"])
    assert missing.exit_code == 1 and "No case 'NO-SUCH'" in missing.output
