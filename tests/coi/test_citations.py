"""Citing passages into a case, from the case tab "Country information", with currency flags."""

import datetime

import pytest
import time_machine
from django.contrib.auth.models import User
from django.urls import reverse

from article3.accounts.models import Organisation
from article3.audit.models import AuditEntry
from article3.cases.models import Case
from article3.coi.models import CoiCitation, Passage, Report
from article3.coi.selectors import citation_flags, citations_for_case, months_before
from article3.coi.services import citation_add
from article3.errors import DomainError
from tests.coi.conftest import add_report
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def passage_of(report: Report, starts: str) -> Passage:
    return report.passages.get(text__startswith=starts)


@pytest.fixture
def detention(report_2024: Report) -> Passage:
    return passage_of(report_2024, "Torture and other ill-treatment")


def tab(case: Case) -> str:
    return reverse("case_coi", kwargs={"case_id": case.public_id})


def test_alice_cites_a_passage_for_elements(as_alice, case: Case, detention: Passage) -> None:  # type: ignore[no-untyped-def]
    response = as_alice.post(reverse("case_coi_cite", kwargs={"case_id": case.public_id}), {
        "passage": detention.pk, "elements": ["official_involvement", "country_conditions"],
        "quote": "Former detainees described beatings with cables and batons", "note": "Matches the declaration."})
    assert response.status_code == 302 and response["Location"].endswith("#coi-1")
    citation = CoiCitation.objects.get(case=case)
    assert citation.key == "coi-1" and citation.report_id == detention.report_id
    assert citation.quote == "Former detainees described beatings with cables and batons"
    assert (citation.page, citation.paragraph, citation.heading) == (2, 5, "2. Treatment in detention")
    assert citation.elements == ["country_conditions", "official_involvement"]
    entry = AuditEntry.objects.get(action="coi.citation.added")
    assert entry.case_id == case.pk and entry.object_key == "coi-1"
    assert entry.detail == {"report_id": detention.report_id, "passage_id": detention.pk,
                            "elements": ["country_conditions", "official_involvement"]}
    page = as_alice.get(tab(case)).content.decode()
    assert "Former detainees described beatings with cables and batons" in page
    assert "p. 2, ¶ 5" in page and "official_involvement" in page


def test_the_whole_passage_is_the_default_quote(alice: User, case: Case, detention: Passage) -> None:
    citation = citation_add(actor=alice, case=case, passage=detention, elements=[])
    assert citation.quote == detention.text


def test_the_quote_must_be_the_passage_own_words(alice: User, case: Case, detention: Passage) -> None:
    with pytest.raises(DomainError, match="exact words"):
        citation_add(actor=alice, case=case, passage=detention, elements=[], quote="Detainees were treated well")
    citation = citation_add(actor=alice, case=case, passage=detention, elements=[],
                            quote="  beatings with\ncables  and batons ")
    assert citation.quote == "beatings with cables and batons", "whitespace of a copied excerpt does not matter"


def test_elements_come_from_the_case_rule_pack(alice: User, case: Case, detention: Passage) -> None:
    with pytest.raises(DomainError, match="Unknown element codes"):
        citation_add(actor=alice, case=case, passage=detention, elements=["made_up"])


def test_a_passage_of_another_organisation_cannot_be_cited(as_alice, case: Case, org_b: Organisation) -> None:  # type: ignore[no-untyped-def]
    theirs = add_report(org_b, b"Another clinic's report on detention.").passages.get()
    response = as_alice.post(reverse("case_coi_cite", kwargs={"case_id": case.public_id}), {"passage": theirs.pk})
    assert response.status_code == 404
    assert not CoiCitation.objects.exists()
    assert as_alice.get(tab(case) + f"?cite={theirs.pk}").status_code == 404


def test_the_cite_form_offers_the_pack_elements(as_alice, case: Case, detention: Passage) -> None:  # type: ignore[no-untyped-def]
    page = as_alice.get(tab(case) + f"?cite={detention.pk}").content.decode()
    assert 'value="country_conditions"' in page and "Cite in A-2026-001" in page
    assert "Former detainees described beatings" in page


def test_a_viewer_cannot_cite_or_remove(bob: User, case: Case, detention: Passage) -> None:
    client = client_for(bob)
    url = reverse("case_coi_cite", kwargs={"case_id": case.public_id})
    assert client.post(url, {"passage": detention.pk}).status_code == 403
    citation_add(actor="test", case=case, passage=detention, elements=[])
    remove = reverse("case_coi_citation_remove", kwargs={"case_id": case.public_id})
    assert client.post(remove, {"key": "coi-1"}).status_code == 403
    assert client.get(tab(case)).status_code == 200


def test_removing_a_citation_is_audited(as_alice, case: Case, detention: Passage) -> None:  # type: ignore[no-untyped-def]
    citation_add(actor="test", case=case, passage=detention, elements=[])
    response = as_alice.post(reverse("case_coi_citation_remove", kwargs={"case_id": case.public_id}), {"key": "coi-1"})
    assert response.status_code == 302 and not CoiCitation.objects.exists()
    assert AuditEntry.objects.filter(action="coi.citation.removed", case_id=case.pk, object_key="coi-1").exists()


def test_keys_stay_unique_after_a_removal(alice: User, case: Case, detention: Passage) -> None:
    first = citation_add(actor=alice, case=case, passage=detention, elements=[])
    citation_add(actor=alice, case=case, passage=detention, elements=[])
    first.delete()
    third = citation_add(actor=alice, case=case, passage=detention, elements=[])
    assert sorted(case.coi_citations.values_list("key", flat=True)) == ["coi-2", "coi-3"] and third.key == "coi-3"


# Flags


def test_a_superseded_edition_is_flagged(alice: User, case: Case, report_2023: Report, report_2024: Report) -> None:
    old = citation_add(actor=alice, case=case, passage=report_2023.passages.first(), elements=[])  # type: ignore[arg-type]
    case.hearing_date = datetime.date(2024, 1, 1)  # the 2023 edition is still young enough
    flags = citation_flags(citation=CoiCitation.objects.get(pk=old.pk), case=case)
    assert [f.code for f in flags] == ["superseded"]
    assert "Cameroon: Country Report 2024 (20 March 2024)" in flags[0].message


def test_reports_older_than_the_pack_allows_at_the_hearing_are_flagged(alice: User, case: Case,
                                                                       detention: Passage) -> None:
    from article3.rulepacks import load_pack

    months = load_pack(case.forum).currency_months("country_information")
    citation = citation_add(actor=alice, case=case, passage=detention, elements=[])
    published = detention.report.date
    assert published is not None
    case.hearing_date = published + datetime.timedelta(days=30)
    assert citation_flags(citation=citation, case=case) == []
    case.hearing_date = months_before(published, -months) + datetime.timedelta(days=1)
    (flag,) = citation_flags(citation=citation, case=case)
    assert flag.code == "outdated" and f"Older than {months} months at the hearing date" in flag.message


def test_without_a_hearing_date_the_age_is_judged_today(alice: User, case: Case, detention: Passage) -> None:
    citation = citation_add(actor=alice, case=case, passage=detention, elements=[])
    with time_machine.travel(datetime.datetime(2024, 4, 1, tzinfo=datetime.UTC)):
        assert citation_flags(citation=citation, case=case) == []
    with time_machine.travel(datetime.datetime(2031, 1, 1, tzinfo=datetime.UTC)):
        (flag,) = citation_flags(citation=citation, case=case)
        assert flag.code == "outdated" and "no hearing date" in flag.message


def test_undated_reports_are_flagged(alice: User, case: Case, org_a: Organisation) -> None:
    undated = add_report(org_a, b"An undated note on detention.")
    citation = citation_add(actor=alice, case=case, passage=undated.passages.get(), elements=[])
    assert [f.code for f in citation_flags(citation=citation, case=case)] == ["undated"]


def test_flags_show_on_the_case_tab(as_alice, case: Case, report_2023: Report, report_2024: Report) -> None:  # type: ignore[no-untyped-def]
    citation_add(actor="test", case=case, passage=report_2023.passages.first(), elements=[])  # type: ignore[arg-type]
    case.hearing_date = datetime.date(2026, 6, 1)
    case.save()
    page = as_alice.get(tab(case)).content.decode()
    assert "Superseded by a newer edition" in page and "coi-flag-superseded" in page
    assert "coi-flag-outdated" in page
    assert [r.citation.key for r in citations_for_case(case=case)] == ["coi-1"]


def test_months_before() -> None:
    assert months_before(datetime.date(2026, 3, 31), 1) == datetime.date(2026, 2, 28)
    assert months_before(datetime.date(2026, 1, 15), 12) == datetime.date(2025, 1, 15)
    assert months_before(datetime.date(2026, 1, 15), 13) == datetime.date(2024, 12, 15)


def test_the_case_tab_search_defaults_to_the_country_of_return(as_alice, case: Case, report_2024: Report,  # type: ignore[no-untyped-def]
                                                               news_nigeria: Report) -> None:
    page = as_alice.get(tab(case) + "?q=arrested&country=CM").content.decode()
    assert "Security forces <mark>arrested</mark> hundreds" in page
    assert "Lagos" not in page
    assert f"?cite={report_2024.passages.get(paragraph=2).pk}" in page
    empty = as_alice.get(tab(case)).content.decode()
    assert 'value="CM"' in empty and "No country information cited yet" in empty


def test_viewing_the_tab_is_audited(as_alice, case: Case) -> None:  # type: ignore[no-untyped-def]
    as_alice.get(tab(case))
    assert AuditEntry.objects.filter(action="cases.page.viewed", object_key="country_information",
                                     case_id=case.pk).exists()
