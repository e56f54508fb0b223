"""Country information through the API (issue 22): the library searched as the library page does, scoped
to the token's organisation; a passage cited in a case and the citation removed, through the services."""

import pytest
from django.contrib.auth.models import User

from article3.audit.models import AuditEntry
from article3.cases.models import Case
from article3.coi.models import Passage
from article3.coi.services import ReportMeta, report_import
from tests.api.helpers import api_for
from tests.claims.factories import citation_for

pytestmark = pytest.mark.django_db


def _report(case: Case, title: str, text: str) -> Passage:
    """A plain-text report imported into the case organisation's library, as the import page does."""
    meta = ReportMeta(countries=["CM"], title=title, publisher="Rights Monitor")
    report = report_import(actor="test", organisation=case.organisation, data=text.encode(), meta=meta).report
    return report.passages.get(text__contains="gendarmerie")


def test_search_finds_the_organisations_passages_only(case: Case, alice: User, charlie: User) -> None:
    passage = _report(case, "Cameroon 2025", "Detainees in gendarmerie cells were beaten during interrogation.")
    api = api_for(alice)
    found = api.get("/api/v1/coi/search/?q=gendarmerie beaten&country=CM")
    assert found.status_code == 200, found.json()
    (first, *_) = found.json()
    assert first["passage_id"] == passage.pk and first["report"]["title"] == "Cameroon 2025"
    assert "<mark>" in first["snippet"]
    assert api_for(charlie).get("/api/v1/coi/search/?q=gendarmerie").json() == [], "another organisation's library"
    assert api.get("/api/v1/coi/search/?q=").status_code == 400
    assert "YYYY-MM" in " ".join(api.get("/api/v1/coi/search/?q=cells&since=last year").json()["errors"]["since"])


def test_a_passage_is_cited_and_the_citation_removed(case: Case, alice: User, charlie: User) -> None:
    passage = _report(case, "Cameroon 2025", "Detainees in gendarmerie cells were beaten during interrogation.")
    api, base = api_for(alice), f"/api/v1/cases/{case.public_id}/coi-citations/"
    not_exact = api.post(base, {"passage": passage.pk, "quote": "Detainees were never beaten."})
    assert not_exact.status_code == 400 and "exact words" in not_exact.json()["detail"]
    made = api.post(base, {"passage": passage.pk, "elements": ["country_conditions"],
                           "quote": "Detainees in gendarmerie cells were beaten"})
    assert made.status_code == 201, made.json()
    citation = made.json()
    assert citation["quote"] == "Detainees in gendarmerie cells were beaten"
    assert citation["elements"] == ["country_conditions"]
    assert api.get(f"{base}{citation['key']}/").json()["key"] == citation["key"]
    assert api.delete(f"{base}{citation['key']}/").status_code == 204 and not case.coi_citations.exists()
    actions = set(AuditEntry.objects.filter(case_id=case.pk).values_list("action", flat=True))
    assert {"coi.citation.added", "coi.citation.removed"} <= actions


def test_a_passage_of_another_library_cannot_be_cited(case: Case, alice: User, charlie: User) -> None:
    from article3.cases.services import case_create

    other_case = case_create(actor="test", organisation=charlie.memberships.get().organisation, reference="B-1",
                             forum="us-eoir", country_of_return="CM", applicant_name="B", owner_id=charlie.pk)
    theirs = citation_for(other_case).passage
    refused = api_for(alice).post(f"/api/v1/cases/{case.public_id}/coi-citations/", {"passage": theirs.pk})
    assert refused.status_code == 400 and "library" in refused.json()["detail"]
    assert not case.coi_citations.exists()
