"""Issue 14 in the element matrix and the gap report: elements that do not apply raise nothing, and
every element shows where it comes from and when it was last verified."""

import io

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from pdfminer.high_level import extract_text

from article3.accounts.models import Organisation
from article3.cases.models import Case
from article3.cases.services import case_create
from article3.claims.report import gap_report
from article3.claims.selectors import claims_snapshot
from article3.errors import DomainError
from tests.claims.factories import fact_for
from tests.exports.helpers import made_file

pytestmark = pytest.mark.django_db

CAT_ARTICLE_1_ONLY = {"intentional_infliction", "prohibited_purpose", "official_involvement", "not_lawful_sanction"}


def article_3_case(org: Organisation, alice: User, forum: str) -> Case:
    return case_create(actor=alice, organisation=org, reference=f"A-{forum}", forum=forum, country_of_return="CM",
                       applicant_name="Test Applicant", owner_id=alice.pk)


@pytest.mark.parametrize("forum", ["uk-ftt", "echr"])
def test_article_3_echr_gap_report_raises_nothing_on_cat_article_1_elements(org_a: Organisation, alice: User,
                                                                            forum: str) -> None:
    """H.L.R. v. France [GC] 1997, para. 40 (research notes, errata): intent, purpose, lawful sanctions and
    official involvement "are CAT Article 1 elements, not Article 3 ECHR elements"; the gap report raised
    high findings on them."""
    case = article_3_case(org_a, alice, forum)
    rows = {row.element.code for row in claims_snapshot(case=case).rows}
    assert not rows & CAT_ARTICLE_1_ONLY
    assert {"severe_pain_or_suffering", "personal_risk", "burden_of_proof"} <= rows
    findings = gap_report(case=case).findings
    refs = {ref for finding in findings for ref in finding.refs}
    assert not refs & CAT_ARTICLE_1_ONLY
    high = {finding.refs[0] for finding in findings if finding.severity == "high"}
    assert high == {"severe_pain_or_suffering", "personal_risk"}


def test_a_fact_cannot_be_linked_to_an_element_that_does_not_apply(org_a: Organisation, alice: User) -> None:
    case = article_3_case(org_a, alice, "uk-ftt")
    with pytest.raises(DomainError, match="Not an element of forum uk-ftt: intentional_infliction"):
        fact_for(case, "f-intent", elements=["intentional_infliction"])


def test_the_gap_report_shows_each_element_with_its_last_verified_date(org_a: Organisation, alice: User,
                                                                       as_alice: Client) -> None:
    """Issue 14: "Every rule and element shows its last-verified date on the pages that use it"."""
    case = article_3_case(org_a, alice, "uk-ftt")
    html = as_alice.get(reverse("case_gaps", kwargs={"case_id": case.public_id})).content.decode()
    start = html.index('data-element="burden_of_proof"')
    item = html[start: html.index("</li>", start)]
    assert "Saadi v. Italy [GC] 2008, para. 129" in item and "unverified" in item
    assert "last verified 5 December 2026" in item
    assert 'data-element="intentional_infliction"' not in html
    pdf = made_file(as_alice, reverse("case_gaps_pdf", kwargs={"case_id": case.public_id})).content
    text = " ".join(extract_text(io.BytesIO(pdf)).split())
    assert "Minimum level of severity (unverified), last verified 5 December 2026" in text


def test_the_element_page_shows_the_caveat_and_not_in_the_description(case: Case, as_alice: Client) -> None:
    """Issue 14: the note "The exact wording of 1208.18(a)(7) was not read" is a caveat for the team,
    shown beside the element, never in its description."""
    html = as_alice.get(reverse("case_element", kwargs={"case_id": case.public_id,
                                                        "code": "official_involvement"})).content.decode()
    assert "Caution: The exact wording of 8 CFR 1208.18(a)(7) was not read." in html
    assert "last verified 5 December 2026" in html


def test_the_matrix_says_which_elements_are_not_part_of_the_test_and_why(org_a: Organisation, alice: User,
                                                                          as_alice: Client) -> None:
    """H.L.R. v. France [GC] 1997, para. 40: Article 3 ECHR has no intent, purpose, lawful-sanction or
    official-involvement requirement; the matrix says so, with the source, instead of leaving them out silently."""
    case = article_3_case(org_a, alice, "echr")
    html = as_alice.get(reverse("case_elements", kwargs={"case_id": case.public_id})).content.decode()
    start = html.index('id="not-applicable-h"')
    section = html[start: html.index("</section>", start)]
    for code in CAT_ARTICLE_1_ONLY:
        assert f'id="na-{code}"' in section
    assert "there is no requirement of intent" in section and "H.L.R. v. France [GC] 1997, para. 40" in section
    assert 'id="el-intentional_infliction"' not in html  # and no row in the matrix
