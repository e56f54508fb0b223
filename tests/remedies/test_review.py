"""Issue 20, from a denial to a remedy: a tagged adverse finding on the demo case lists the record it ignored,
and the grounds skeleton carries the deadline and the forum's standard of review."""

import datetime
import io

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from article3.audit.models import AuditEntry
from article3.bundles.engine.model import PageMap
from article3.bundles.models import BundleBuild
from article3.cases.models import Case
from article3.deadlines.services import decision_record
from article3.docs.services import document_generate
from article3.errors import DomainError, StaleEdit
from article3.evidence.models import Document
from article3.evidence.services import document_add
from article3.remedies import services
from article3.remedies.review import record_against
from tests.conftest import client_for
from tests.docs.conftest import LEFTOVER, text_of

pytestmark = pytest.mark.django_db


def _decision(case: Case) -> Document:
    return document_add(actor="test", case=case, stream=io.BytesIO(b"Decision of the immigration judge."),
                        filename="decision.txt", kind="decision", process=False)


def test_a_medical_weight_finding_lists_the_record_it_ignored(built_demo: tuple[Case, BundleBuild]) -> None:
    case, build = built_demo
    pmap = PageMap.from_json(build.page_map)
    finding = services.finding_add(actor="test", case=case, decision=_decision(case), page=4, paragraph=12,
                                   category="medical_weight", finding="The medical report is given little weight.")
    assert finding.element == "past_torture" and finding.key == "af-1"
    [item] = record_against(findings=[finding], case=case)
    assert [h.text for h in item.facts] == ["Gendarmes held the applicant at the Bamenda gendarmerie for five "
                                            "days and beat him with cables."]
    medical = pmap.documents["d-medical"]
    page = pmap.page_of(document_key="d-medical", page=1)
    assert [h.cite for h in item.exhibits] == [f"Exh. {medical.label} at {page}"]
    assert "p. 4 ¶ 12" in item.where  # the decision is not in the bundle yet: cited by its own page
    assert item.element_label and not item.ignored_nothing


def test_country_information_is_mapped_to_a_misread_finding(built_demo: tuple[Case, BundleBuild]) -> None:
    case, _ = built_demo
    finding = services.finding_add(actor="test", case=case, decision=_decision(case), page=6, paragraph=20,
                                   category="coi_misread", finding="Checkpoint abuses are isolated incidents.")
    [item] = record_against(findings=[finding], case=case)
    assert [h.text for h in item.facts] == ["Gendarmes routinely detain young anglophone men at checkpoints."]
    linked = [c for c in case.coi_citations.all() if "country_conditions" in (c.elements or [])]
    assert len(item.coi) == len(linked)


def test_the_grounds_skeleton_has_the_deadline_the_standard_and_each_ground(built_demo: tuple[Case, BundleBuild],
                                                                            ) -> None:
    case, _ = built_demo
    decision_record(actor="test", case=case, date=datetime.date(2026, 6, 1), trigger="ij_decision",
                    outcome="denied", service="mail")
    services.finding_add(actor="test", case=case, decision=_decision(case), page=4, paragraph=12,
                         category="medical_weight", finding="The medical report is given little weight.",
                         answer="The report applies the Istanbul Protocol.")
    text = text_of(document_generate(actor="test", case=case, kind="appeal_grounds"))
    assert not LEFTOVER.search(text)
    assert "Ground 1: Weight given to medical evidence" in text
    assert "The decision found: The medical report is given little weight." in text
    assert "beat him with cables" in text and "Exh. " in text
    assert "clear error" in text and "8 C.F.R. 1003.1(d)(3)(i)-(ii) (unverified)" in text
    assert "1 July 2026" in text  # the BIA appeal, computed by the deadline engine from the mailed decision


def test_findings_are_edited_and_deleted_audited_and_versioned(case: Case, alice: User) -> None:
    decision = _decision(case)
    other = document_add(actor="test", case=case, stream=io.BytesIO(b"A letter."), filename="l.txt", kind="other",
                         process=False)
    with pytest.raises(DomainError, match="uploaded as a decision"):
        services.finding_add(actor="test", case=case, decision=other, category="credibility", finding="x")
    with pytest.raises(DomainError, match="Say what the decision found"):
        services.finding_add(actor="test", case=case, decision=decision, category="credibility", finding=" ")
    client = client_for(alice)
    page = reverse("remedies_findings", kwargs={"case_id": case.public_id})
    added = client.post(page, {"decision": decision.pk, "page": "3", "paragraph": "9", "category": "credibility",
                               "finding": "The applicant's account of the arrest was vague."})
    assert added.status_code == 302
    finding = case.adverse_findings.get()
    assert finding.element == "credibility"
    edit = reverse("remedies_finding_edit", kwargs={"case_id": case.public_id, "key": finding.key})
    assert client.post(edit, {"decision": decision.pk, "page": "3", "paragraph": "10", "category": "credibility",
                              "finding": "Vague account.", "version": "1"}).status_code == 302
    finding.refresh_from_db()
    assert finding.paragraph == 10 and finding.version == 2
    with pytest.raises(StaleEdit):
        services.finding_update(actor="test", finding=finding, expected_version=1, changes={"page": 1})
    shown = client.get(page).content.decode()
    assert "Vague account." in shown and "1. Credibility" in shown
    delete = reverse("remedies_finding_delete", kwargs={"case_id": case.public_id, "key": finding.key})
    assert client.post(delete).status_code == 302
    assert not case.adverse_findings.exists()
    actions = list(AuditEntry.objects.filter(action__startswith="remedies.finding").values_list("action", flat=True))
    assert actions == ["remedies.finding.added", "remedies.finding.updated", "remedies.finding.deleted"]
