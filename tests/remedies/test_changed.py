"""Issue 20, changed country conditions: only country information published after the hearing is listed,
grouped by element, each with its publication date; the draft motion's evidence section follows it."""

import datetime

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from article3.accounts.models import Organisation
from article3.cases.models import Case
from article3.coi.services import ReportMeta, citation_add, report_import
from article3.docs.services import document_generate
from article3.remedies.changed import changed_conditions
from tests.conftest import client_for
from tests.docs.conftest import LEFTOVER, text_of

pytestmark = pytest.mark.django_db
HEARING = datetime.date(2026, 5, 12)


def _cite(case: Case, org: Organisation, title: str, date: datetime.date, text: str, elements: list[str],
          precision: str = "day") -> None:
    meta = ReportMeta(countries=["CM"], title=title, date=date)
    report = report_import(actor="test", organisation=org, filename=f"{title}.txt", data=text.encode(),
                           meta=meta).report
    if precision != "day":
        type(report).objects.filter(pk=report.pk).update(date_precision=precision)
    citation_add(actor="test", case=case, passage=report.passages.first(), elements=elements)


@pytest.fixture
def reopened(case: Case, org_a: Organisation) -> Case:
    Case.objects.filter(pk=case.pk).update(hearing_date=HEARING)
    case.refresh_from_db()
    _cite(case, org_a, "Old report", datetime.date(2026, 3, 1), "Detainees were beaten at checkpoints in 2025.",
          ["country_conditions"])
    _cite(case, org_a, "Same day report", HEARING, "Arrests of activists rose on the day of the hearing.",
          ["personal_risk"])
    _cite(case, org_a, "Yearly report", datetime.date(2026, 1, 1), "A yearly overview of detention.",
          ["country_conditions"], precision="year")
    _cite(case, org_a, "New crackdown", datetime.date(2026, 9, 3), "Since August 2026 gendarmes arrest returnees "
          "at the airport.", ["country_conditions", "personal_risk"])
    _cite(case, org_a, "Later report", datetime.date(2026, 11, 20), "Returnees were tortured in custody.",
          ["past_torture"])
    return case


def test_only_passages_published_after_the_hearing_are_listed(reopened: Case) -> None:
    found = changed_conditions(case=reopened)
    listed = {p.citation.report.title for _, items in found.groups for p in items}
    assert listed == {"New crackdown", "Later report"}
    assert found.left_out == 3  # before the hearing, on its day, and dated only by a year that began before it
    groups = dict(found.groups)
    assert set(groups) == {"Country conditions", "More likely than not to be tortured", "Past torture"}
    assert [p.published for p in groups["Country conditions"]] == ["3 September 2026"]
    assert [p.citation.report.title for p in groups["More likely than not to be tortured"]] == ["New crackdown"]
    assert [r.id for r in found.rules] == ["motion_to_reopen_changed_country_conditions",
                                           "ij_motion_to_reopen_changed_country_conditions"]


def test_the_draft_evidence_section_and_the_page(reopened: Case, alice: User) -> None:
    text = text_of(document_generate(actor="test", case=reopened, kind="changed_conditions"))
    assert not LEFTOVER.search(text)
    assert "Date of the hearing: 12 May 2026" in text
    assert "Published 3 September 2026" in text and "Published 20 November 2026" in text
    assert "Old report" not in text and "Same day report" not in text and "Yearly report" not in text
    assert "8 CFR 1003.2(c)(3)(ii)" in text
    page = client_for(alice).get(reverse("remedies_changed", kwargs={"case_id": reopened.public_id}))
    shown = page.content.decode()
    assert "New crackdown" in shown and "Old report" not in shown and "3 cited passages" in shown


def test_without_a_hearing_date_nothing_is_listed(case: Case) -> None:
    found = changed_conditions(case=case)
    assert found.hearing_date is None and found.groups == []
    generated = document_generate(actor="test", case=case, kind="changed_conditions")
    assert "The case has no hearing date" in generated.warnings[0]


def _library(org: Organisation, title: str, date: datetime.date, text: str) -> None:
    report_import(actor="test", organisation=org, filename=f"{title}.txt", data=text.encode(),
                  meta=ReportMeta(countries=["CM"], title=title, date=date))


def test_uncited_library_passages_after_the_hearing_are_offered_to_read(reopened: Case, org_a: Organisation,
                                                                          alice: User) -> None:
    """The motion needs what was not in the record: the library's later reports on the country that the
    case does not cite yet are listed to read, found by the words the case watches for; older ones are not."""
    reopened.risk_terms = "journalists, returnees"
    reopened.save(update_fields=["risk_terms"])
    _library(org_a, "Press freedom 2026", datetime.date(2026, 10, 2),
             "Journalists who returned from abroad were detained by the gendarmerie.")
    _library(org_a, "Press freedom 2025", datetime.date(2025, 10, 2),
             "Journalists were harassed at the border.")
    _library(org_a, "Harvest outlook", datetime.date(2026, 10, 9), "Rainfall was above average in the north.")
    found = changed_conditions(case=reopened)
    assert [r.passage.report.title for r in found.to_read] == ["Press freedom 2026"]
    assert found.to_read[0].published == "2 October 2026"
    cited = {p.citation.report.title for _, items in found.groups for p in items}
    assert "Press freedom 2026" not in cited, "offered to read, not yet part of the motion"

    page = client_for(alice).get(reverse("remedies_changed", kwargs={"case_id": reopened.public_id})).content.decode()
    cite = f"{reverse('case_coi', kwargs={'case_id': reopened.public_id})}?cite={found.to_read[0].passage.pk}"
    assert "Not cited yet: published after the hearing" in page and cite in page
    assert "Press freedom 2025" not in page and "Harvest outlook" not in page
    generated = document_generate(actor="test", case=reopened, kind="changed_conditions")
    assert any("Passages of the library published after the hearing and not cited in the case may bear on it (1)"
               in w for w in generated.warnings)
    assert "Press freedom 2026" not in text_of(generated), "the draft holds only what the lawyer cited"
