"""The Elements tab: the matrix, the cell pages, the fact and support forms; the gap report and questions."""

import io
import re

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from pdfminer.high_level import extract_text

from article3.accounts.models import Organisation
from article3.audit.models import AuditEntry
from article3.cases.models import Case
from article3.cases.services import case_create
from article3.claims.models import Fact
from tests.claims.factories import document_for, event_for, fact_for, support_for
from tests.conftest import client_for
from tests.exports.helpers import made_file

pytestmark = pytest.mark.django_db


def url(name: str, case: Case, **kwargs: object) -> str:
    return reverse(name, kwargs={"case_id": case.public_id, **kwargs})


def row_html(html: str, code: str) -> str:
    start = html.index(f'<tr id="el-{code}">')
    return html[start: html.index("</tr>", start)]


def test_the_matrix_shows_each_element_with_its_label_citation_and_unverified_badge(as_alice: Client,
                                                                                   case: Case) -> None:
    html = as_alice.get(url("case_elements", case)).content.decode()
    assert "More likely than not to be tortured" in html and "8 CFR 1208.16(c)(2)" in html  # the standard too
    state = row_html(html, "state_protection_unavailable")
    assert "Protection or remedies unavailable" in state and 'class="badge unverified"' in state
    # Nothing in the US pack was read in a primary text, so every element is unverified, and each
    # shows the date it was last checked.
    assert 'class="badge unverified"' in row_html(html, "personal_risk")
    assert "last verified 26 November 2026" in row_html(html, "personal_risk")
    assert "last verified 5 December 2026" in row_html(html, "official_involvement")
    assert "2 or more: stronger" in html and "No facts yet." in html
    assert html.count('class="heat heat-none"') == 12 * 6
    cell = url("case_element", case, code="past_torture") + "#src-medical"
    assert f'href="{cell}"' in html


def test_a_cell_opens_the_facts_and_evidence_behind_it(as_alice: Client, case: Case) -> None:
    support_for(case, kind="document", document=document_for(case, "d-medical", "medical", title="Medical report"))
    support_for(case, kind="document", document=document_for(case, "d-psych", "psychological", title="Assessment"))
    html = as_alice.get(url("case_elements", case)).content.decode()
    assert re.search(r'class="heat heat-strong"><a [^>]*>2</a>', row_html(html, "past_torture"))
    assert "Corroborated" in row_html(html, "past_torture")
    page = as_alice.get(url("case_element", case, code="past_torture")).content.decode()
    medical = page[page.index('id="src-medical"'): page.index('id="src-expert"')]
    assert "Medical report" in medical and "Assessment" in medical and url("case_fact", case, key="f-test") in medical
    assert as_alice.get(url("case_element", case, code="flying")).status_code == 404


def test_alice_adds_a_fact_with_its_elements(as_alice: Client, case: Case) -> None:
    form = as_alice.get(url("case_fact_add", case) + "?element=personal_risk").content.decode()
    assert re.search(r'value="personal_risk"[^>]*checked', form)
    response = as_alice.post(url("case_fact_add", case), {"text": "His brother was questioned in 2020.",
                                                            "elements": ["personal_risk", "past_torture"]})
    fact = Fact.objects.get(case=case)
    assert response.status_code == 302 and response["Location"] == url("case_fact", case, key=fact.key)
    assert fact.elements == ["personal_risk", "past_torture"]
    missing = as_alice.post(url("case_fact_add", case), {"text": "", "elements": ["flying"]})
    assert missing.status_code == 200 and "This field is required" in missing.content.decode()


def test_fact_edits_are_versioned(as_alice: Client, case: Case) -> None:
    fact = fact_for(case)
    edit = url("case_fact_edit", case, key="f-test")
    done = as_alice.post(edit, {"text": "Held for six days.", "elements": ["past_torture"], "version": 1})
    assert done.status_code == 302 and Fact.objects.get(pk=fact.pk).version == 2
    stale = as_alice.post(edit, {"text": "Held for seven days.", "elements": ["past_torture"], "version": 1})
    assert stale.status_code == 409 and "Held for six days." in stale.content.decode()
    assert Fact.objects.get(pk=fact.pk).text == "Held for six days."


def test_alice_links_support_and_removes_it(as_alice: Client, case: Case) -> None:
    fact_for(case)
    event = event_for(case)
    added = as_alice.post(url("case_support_add", case, key="f-test"), {"kind": "event", "event": event.pk})
    assert added.status_code == 302
    page = as_alice.get(url("case_fact", case, key="f-test")).content.decode()
    assert "Held at the station" in page and "Applicant&#x27;s testimony" in page
    support = case.facts.get().support.get()
    edit = as_alice.post(url("case_support_edit", case, key="f-test", support_id=support.pk),
                         {"kind": "testimony", "note": "Credible fear interview", "version": 1})
    assert edit.status_code == 302
    stale = as_alice.post(url("case_support_edit", case, key="f-test", support_id=support.pk),
                          {"kind": "testimony", "note": "Late", "version": 1})
    assert stale.status_code == 409
    assert as_alice.post(url("case_support_delete", case, key="f-test", support_id=support.pk)).status_code == 302
    assert not case.facts.get().support.exists()
    assert as_alice.post(url("case_fact_delete", case, key="f-test")).status_code == 302
    assert not case.facts.exists()


def test_support_must_name_an_item_of_this_case(as_alice: Client, case: Case, org_a: Organisation) -> None:
    fact_for(case)
    other = case_create(actor="test", organisation=org_a, reference="B-1", forum="us-eoir", country_of_return="CM",
                        applicant_name="X")
    foreign = document_for(other, "d-x", "medical")
    response = as_alice.post(url("case_support_add", case, key="f-test"), {"kind": "document", "document": foreign.pk})
    assert response.status_code == 200 and "Select a valid choice" in response.content.decode()
    empty = as_alice.post(url("case_support_add", case, key="f-test"), {"kind": "event"})
    assert "Choose the event in the chronology" in empty.content.decode()
    assert not case.facts.get().support.exists()


def test_a_fact_key_of_another_case_is_404(as_alice: Client, case: Case, org_a: Organisation) -> None:
    other = case_create(actor="test", organisation=org_a, reference="B-1", forum="us-eoir", country_of_return="CM",
                        applicant_name="X", owner_id=None)
    fact_for(other, "f-elsewhere")
    assert as_alice.get(url("case_fact", case, key="f-elsewhere")).status_code == 404
    support = support_for(other, other.facts.get())
    assert as_alice.get(url("case_support_edit", case, key="f-elsewhere", support_id=support.pk)).status_code == 404


def test_a_viewer_sees_the_matrix_without_the_forms(bob: User, case: Case) -> None:
    fact_for(case)
    html = client_for(bob).get(url("case_elements", case)).content.decode()
    assert "f-test" in html and "Add a fact" not in html
    assert "Edit the fact" not in client_for(bob).get(url("case_fact", case, key="f-test")).content.decode()


def test_the_gap_report_page_and_its_pdf(as_alice: Client, case: Case) -> None:
    document_for(case, "d-summons", "threat", language="fr", pages=("Convocation.",))
    html = as_alice.get(url("case_gaps", case)).content.decode()
    assert 'data-code="translation_missing"' in html and 'data-code="element_unsupported"' in html
    assert "article3 case check" not in html, "web users are not sent to a terminal"
    summons = url("evidence_document", case, key="d-summons")
    assert f'<a href="{summons}">' in html, "what a finding refers to is a link to it"
    response = made_file(as_alice, url("case_gaps_pdf", case))
    assert response["Content-Type"] == "application/pdf" and response["Cache-Control"] == "no-store"
    assert response["Content-Disposition"].startswith('attachment; filename="gap-report-A-2026-001.pdf"')
    text = extract_text(io.BytesIO(response.content))
    words = " ".join(text.split())
    assert "Gap report" in text and "has no translation" in words and "Questions for the client" in text
    assert "translation_missing" not in text, "plain words, not internal codes"
    entry = AuditEntry.objects.get(action="claims.gap_report.exported")
    assert entry.case_id == case.pk and entry.detail["format"] == "pdf" and entry.detail["findings"] > 0


def test_the_questions_page_asks_in_plain_words(as_alice: Client, case: Case) -> None:
    support_for(case, fact_for(case, "f-police", elements=["state_protection_unavailable"]))
    html = as_alice.get(url("case_questions", case)).content.decode()
    assert "Did you or your family ask the police, a court or anyone else in authority for help?" in html
    assert "Protection at home is not explained" in html and "Why would they look for you, personally" in html
    assert "domestic_remedies_unexplained" not in html, "the reason in words, not its code"


def test_page_views_are_audited_without_content(as_alice: Client, case: Case) -> None:
    fact_for(case, text="Secret words")
    for name in ("case_elements", "case_gaps", "case_questions"):
        as_alice.get(url(name, case))
    as_alice.get(url("case_fact", case, key="f-test"))
    keys = list(AuditEntry.objects.filter(action="cases.page.viewed", case_id=case.pk).values_list("object_key",
                                                                                                 flat=True))
    assert keys == ["elements", "gaps", "questions", "fact"]


def test_the_matrix_reads_a_fixed_number_of_queries(as_alice: Client, case: Case) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert as_alice.get(url("case_elements", case)).status_code == 200
        return len(captured)

    support_for(case)
    # Each kind of support reads its own related rows once (a document support: its medical findings).
    support_for(case, kind="document", document=document_for(case, "d-first", "witness_statement"))
    few = queries()
    for n in range(5):
        fact = fact_for(case, f"f-more-{n}", elements=["personal_risk", "past_torture"])
        support_for(case, fact, kind="document", document=document_for(case, f"d-{n}", "witness_statement"))
        support_for(case, fact, kind="event", event=event_for(case, f"e-{n}"))
    assert queries() == few
