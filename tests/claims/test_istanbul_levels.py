"""Istanbul Protocol levels are weighed: "not consistent with" is contrary evidence (never corroboration, a high
finding on the elements it touches), "consistent with" is weak, higher levels are strong; the matrix, the element
page and the gap report show each support's level and cite the paragraph that defines the levels."""

import json
import re

import pytest
from django.test import Client
from django.urls import reverse

from article3.cases.models import Case
from article3.claims.report import gap_report
from article3.claims.selectors import claims_snapshot
from article3.evidence.models import Document, MedicalFinding
from tests.claims.factories import document_for, event_for, fact_for, support_for
from tests.claims.test_checks import TODAY, found
from tests.exports.helpers import made_file

pytestmark = pytest.mark.django_db
CITED = "Istanbul Protocol, 2022 edition (Professional Training Series No. 8/Rev.2), chapter V, para. 418"


def medical(case: Case, key: str = "d-medical") -> Document:
    return document_for(case, key, "medical", date="2026-05", title="Forensic report")


def finding(document: Document, consistency: str, *, event_key: str = "e-test", text: str = "Scar") -> MedicalFinding:
    return MedicalFinding.objects.create(document=document, finding=text, consistency=consistency,
                                         event=event_for(document.case, event_key))


def visible(html: str) -> str:
    return re.sub(r"<[^>]+>", " ", html)


def test_a_finding_not_consistent_never_corroborates(case: Case) -> None:
    support_for(case)  # f-test (past torture) rests on the event e-test
    finding(medical(case), "not_consistent")
    row = claims_snapshot(case=case).row("past_torture")
    assert row is not None
    assert row.status == "uncorroborated" and row.independent == []
    assert [item.finding for item in row.contrary] == ["d-medical#finding-1"]
    assert row.cell("medical").count == 0


def test_it_raises_a_high_finding_on_each_element_it_is_linked_to(case: Case) -> None:
    fact = fact_for(case, "f-held", elements=["past_torture", "custody_or_control"])
    support_for(case, fact, kind="event", event=event_for(case))
    document = medical(case)
    finding(document, "consistent", text="Bruise")
    finding(document, "not_consistent", text="Old fracture")
    raised = found(case, "medical_finding_not_consistent")
    assert sorted(f.refs[0] for f in raised) == ["custody_or_control", "past_torture"]
    first = raised[0]
    assert first.severity == "high"
    assert first.refs[1:] == ("d-medical", "d-medical#finding-2", "f-held")
    assert "Finding 2 of Forensic report (d-medical) is “not consistent with”" in first.message
    assert "could not have been caused by the alleged torture" in first.message and CITED in first.message


def test_the_same_document_still_corroborates_through_its_other_findings(case: Case) -> None:
    support_for(case)
    document = medical(case)
    finding(document, "not_consistent", text="Old fracture")
    finding(document, "consistent", text="Bruise")
    row = claims_snapshot(case=case).row("past_torture")
    assert row is not None and row.status == "corroborated"
    (item,) = row.cell("medical").items
    assert item.level == "consistent" and item.level_text == "consistent with (weak support)"
    assert len(row.contrary) == 1


@pytest.mark.parametrize(("level", "text"), [
    ("consistent", "consistent with (weak support)"),
    ("highly_consistent", "highly consistent with (strong support)"),
    ("typical", "typical of (strong support)"),
    ("diagnostic", "diagnostic of (strong support)"),
])
def test_each_supporting_level_is_named_with_its_weight(case: Case, level: str, text: str) -> None:
    support_for(case)
    finding(medical(case), level)
    row = claims_snapshot(case=case).row("past_torture")
    assert row is not None and row.status == "corroborated"
    assert [item.level_text for item in row.medical_levels] == [text]
    assert not found(case, "medical_finding_not_consistent")


def test_the_strongest_level_of_one_document_is_kept(case: Case) -> None:
    support_for(case)
    support_for(case, kind="event", event=event_for(case, "e-second", title="Beaten again", date="2019-05-01"))
    document = medical(case)
    finding(document, "consistent")
    finding(document, "diagnostic", event_key="e-second")
    row = claims_snapshot(case=case).row("past_torture")
    assert row is not None
    (item,) = row.cell("medical").items
    assert item.level == "diagnostic"


def test_the_matrix_and_element_page_show_levels_and_cite_the_protocol(as_alice: Client, case: Case) -> None:
    support_for(case)
    finding(medical(case), "highly_consistent")
    finding(medical(case, "d-psych"), "not_consistent")
    matrix = as_alice.get(reverse("case_elements", kwargs={"case_id": case.public_id})).content.decode()
    assert "Medical evidence by level of consistency" in matrix and CITED in matrix
    assert "highly consistent with (strong support)" in matrix
    assert "Contrary medical evidence: 1 finding “not consistent with”" in matrix
    assert "contrary evidence, not corroboration" in matrix
    page = as_alice.get(reverse("case_element", kwargs={"case_id": case.public_id, "code": "past_torture"}))
    html = page.content.decode()
    assert "not consistent with (contrary evidence)" in html and CITED in html


def test_the_gap_report_shows_plain_words_and_levels_not_the_code(as_alice: Client, case: Case) -> None:
    support_for(case)
    finding(medical(case), "not_consistent")
    html = as_alice.get(reverse("case_gaps", kwargs={"case_id": case.public_id})).content.decode()
    assert 'data-code="medical_finding_not_consistent"' in html
    text = visible(html)
    assert "is “not consistent with” the ill-treatment it is linked to" in text
    assert "medical_finding_not_consistent" not in text and "element_unsupported" not in text
    assert "Medical evidence by level of consistency" in text and CITED in text


def test_the_gap_report_json_lists_each_level(case: Case) -> None:
    support_for(case)
    finding(medical(case), "consistent")
    finding(medical(case, "d-psych"), "not_consistent")
    report = json.loads(json.dumps(gap_report(case=case, today=TODAY).as_json()))
    past = [entry for entry in report["medical_evidence"] if entry["element"] == "past_torture"]
    assert past == [
        {"element": "past_torture", "source": "d-medical", "finding": "", "level": "consistent", "weight": "weak",
         "cited": CITED},
        {"element": "past_torture", "source": "d-psych", "finding": "d-psych#finding-1", "level": "not_consistent",
         "weight": "contrary", "cited": CITED},
    ]


def test_the_gap_report_pdf_lists_the_levels(as_alice: Client, case: Case) -> None:
    import io

    from pdfminer.high_level import extract_text

    support_for(case)
    finding(medical(case), "typical")
    response = made_file(as_alice, reverse("case_gaps_pdf", kwargs={"case_id": case.public_id}))
    text = " ".join(extract_text(io.BytesIO(response.content)).split())
    assert "Medical evidence by level of consistency" in text and "typical of (strong support)" in text
    assert "para. 418" in text
