"""Each gap code on a case that has the gap, and on one that does not."""

import datetime

import pytest

from article3.accounts.models import Organisation
from article3.cases.models import Case
from article3.cases.services import case_create
from article3.chronology import services as chronology
from article3.claims.report import gap_report
from article3.evidence.models import Document, MedicalFinding
from article3.findings import Finding
from tests.claims.factories import (
    citation_for,
    document_for,
    event_for,
    fact_for,
    page_text,
    support_for,
    translation_for,
)

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 12, 1)


def found(case: Case, code: str, today: datetime.date = TODAY) -> list[Finding]:
    return [f for f in gap_report(case=case, today=today).findings if f.code == code]


def about(case: Case, code: str, ref: str) -> list[Finding]:
    return [f for f in found(case, code) if ref in f.refs]


def other_case(org: Organisation, forum: str, reference: str = "B-1") -> Case:
    return case_create(actor="test", organisation=org, reference=reference, forum=forum, country_of_return="CM",
                       applicant_name="Other Applicant")


def dated(case: Case, key: str, kind: str, date: str, **fields: object) -> Document:
    document = document_for(case, key, kind, date=date)
    if fields:
        Document.objects.filter(pk=document.pk).update(**fields)
        document.refresh_from_db()
    return document


# Elements


def test_an_element_without_facts_is_unsupported_with_the_severity_of_its_role(case: Case) -> None:
    (element,) = about(case, "element_unsupported", "not_lawful_sanction")
    assert element.severity == "high" and element.refs == ("not_lawful_sanction",)
    assert "Not a lawful sanction" in element.message and "charge, trial or sentence" in element.advice
    (factor,) = about(case, "element_unsupported", "internal_relocation")
    assert factor.severity == "low"
    assert not about(case, "element_unsupported", "credibility"), "credibility is cross-cutting, not an element"


def test_an_element_with_a_fact_or_a_cited_passage_is_not_unsupported(case: Case) -> None:
    fact_for(case, elements=["not_lawful_sanction"])
    citation_for(case, elements=("country_conditions",))
    assert not about(case, "element_unsupported", "not_lawful_sanction")
    assert not about(case, "element_unsupported", "country_conditions")


def test_elements_a_forum_does_not_apply_are_not_reported(org_a: Organisation) -> None:
    generic = other_case(org_a, "generic")
    codes = {f.refs[0] for f in found(generic, "element_unsupported")}
    assert "custody_or_control" not in codes and "personal_risk" in codes


def test_an_event_only_the_applicant_tells_leaves_the_element_uncorroborated(case: Case) -> None:
    support_for(case)  # f-test (past_torture) <- e-test, which no document reports
    (finding,) = about(case, "element_uncorroborated", "past_torture")
    assert finding.refs == ("past_torture", "f-test", "e-test") and finding.severity == "low"  # a US factor
    declaration = document_for(case, "d-declaration", "declaration")
    chronology.account_add(actor="test", event=event_for(case), document=declaration, paragraph=4)
    (finding,) = about(case, "element_uncorroborated", "past_torture")
    assert finding.refs == ("past_torture", "f-test", "d-declaration"), "a declaration is the applicant's word"


def test_testimony_alone_is_uncorroborated_and_an_element_severity_is_medium(case: Case) -> None:
    fact = fact_for(case, elements=["severe_pain_or_suffering"])
    support_for(case, fact, kind="testimony", note="credible fear interview")
    (finding,) = about(case, "element_uncorroborated", "severe_pain_or_suffering")
    assert finding.severity == "medium" and "f-test" in finding.refs


def test_an_event_a_medical_report_reports_corroborates(case: Case) -> None:
    support_for(case)
    medical = document_for(case, "d-medical", "medical", date="2026-05")
    chronology.account_add(actor="test", event=event_for(case), document=medical, page=1)
    assert not about(case, "element_uncorroborated", "past_torture")


def test_a_witness_statement_corroborates(case: Case) -> None:
    support_for(case, kind="document", document=document_for(case, "d-witness", "witness_statement"))
    assert not about(case, "element_uncorroborated", "past_torture")


def test_a_fact_without_support_or_elements_is_reported(case: Case) -> None:
    fact_for(case, elements=[])
    assert [f.refs for f in found(case, "fact_unsupported")] == [("f-test",)]
    assert [f.refs for f in found(case, "fact_unlinked")] == [("f-test",)]


def test_a_fact_with_support_and_elements_is_fine(case: Case) -> None:
    support_for(case)
    assert not found(case, "fact_unsupported") and not found(case, "fact_unlinked")


# Currency of reports


def test_a_medical_report_past_the_currency_rule_is_stale_today_without_a_hearing_date(case: Case) -> None:
    dated(case, "d-medical", "medical", "2024-01")
    (finding,) = found(case, "evidence_stale")
    assert finding.refs == ("d-medical",) and finding.severity == "medium"
    assert "24 months" in finding.message and "unverified" in finding.message
    assert "no hearing date" in finding.message and "updated report" in finding.advice


def test_currency_is_measured_at_the_hearing_date(case: Case) -> None:
    dated(case, "d-psych", "psychological", "2026-01-15")
    assert not found(case, "evidence_stale"), "11 months old today"
    Case.objects.filter(pk=case.pk).update(hearing_date=datetime.date(2027, 2, 10))
    case.refresh_from_db()
    (finding,) = found(case, "evidence_stale")
    assert finding.refs == ("d-psych",) and "10 February 2027" in finding.message


def test_current_reports_and_kinds_without_a_currency_rule_are_not_stale(case: Case) -> None:
    dated(case, "d-medical", "medical", "2025-06")
    dated(case, "d-declaration", "declaration", "2015-01-01")
    medical_en = dated(case, "d-old-en", "translation", "2015-01-01")
    assert medical_en.kind == "translation"
    assert not found(case, "evidence_stale")


def test_an_undated_report_is_reported_and_the_examination_date_counts(case: Case) -> None:
    dated(case, "d-medical", "medical", "")
    assert [f.refs for f in found(case, "evidence_undated")] == [("d-medical",)]
    Document.objects.filter(key="d-medical").update(examination_date="2023-02-01")
    assert not found(case, "evidence_undated") and [f.refs for f in found(case, "evidence_stale")] == [("d-medical",)]


# Translations


def test_a_foreign_document_with_words_and_no_translation_is_missing_one(case: Case) -> None:
    document_for(case, "d-summons", "domestic_remedy_record", language="fr", pages=("Convocation.",))
    (finding,) = found(case, "translation_missing")
    assert finding.refs == ("d-summons",) and finding.severity == "high" and "fr" in finding.message


def test_no_translation_is_needed_for_english_for_a_picture_without_words_or_once_translated(case: Case) -> None:
    document_for(case, "d-photo", "prior_abuse_record", language="fr", pages=("  \n ",))
    document_for(case, "d-id", "identity", language="en-GB", pages=("Identity card",))
    summons = document_for(case, "d-summons", "domestic_remedy_record", language="fr", pages=("Convocation.",))
    translation_for(summons)
    assert not found(case, "translation_missing")


def test_the_forum_language_needs_no_translation(org_a: Organisation) -> None:
    canada = other_case(org_a, "ca-irb")
    document_for(canada, "d-summons", "domestic_remedy_record", language="fr", pages=("Convocation.",))
    document_for(canada, "d-letter", "threat", language="es", pages=("Amenaza.",))
    (finding,) = found(canada, "translation_missing")
    assert finding.refs == ("d-letter",)
    assert "en, fr (unverified: check the forum's rules)" in finding.message


def test_a_sourced_forum_language_is_not_marked_unverified(case: Case) -> None:
    document_for(case, "d-summons", "domestic_remedy_record", language="fr", pages=("Convocation.",))
    (finding,) = found(case, "translation_missing")
    assert "takes documents in en." in finding.message and "unverified" not in finding.message


def test_a_translation_without_a_certificate_is_uncertified(case: Case) -> None:
    summons = document_for(case, "d-summons", "domestic_remedy_record", language="fr", pages=("Convocation.",))
    translation_for(summons, certified=False)
    (finding,) = found(case, "translation_uncertified")
    assert finding.refs == ("d-summons-en", "d-summons") and "8 CFR 1003.33" in finding.message


def test_a_certified_translation_is_fine(case: Case) -> None:
    summons = document_for(case, "d-summons", "domestic_remedy_record", language="fr", pages=("Convocation.",))
    translation_for(summons, certified=True)
    assert not found(case, "translation_uncertified") and not found(case, "translation_outdated")


def test_a_translation_of_a_changed_original_is_outdated(case: Case) -> None:
    summons = document_for(case, "d-summons", "domestic_remedy_record", language="fr", pages=("Convocation.",))
    translation_for(summons, needs_review=True)
    (finding,) = found(case, "translation_outdated")
    assert finding.refs == ("d-summons-en", "d-summons") and finding.severity == "high"


# Expert opinions and country information


def test_an_expert_opinion_about_the_country_only_is_not_individualized(case: Case) -> None:
    dated(case, "d-expert", "expert_opinion", "2026-09", addresses_individual_circumstances=False)
    dated(case, "d-expert-2", "expert_opinion", "2026-09")
    dated(case, "d-expert-3", "expert_opinion", "2026-09", addresses_individual_circumstances=True)
    findings = {f.refs[0]: f.severity for f in found(case, "expert_not_individualized")}
    assert findings == {"d-expert": "medium", "d-expert-2": "low"}


def test_personal_risk_on_general_country_information_only(case: Case) -> None:
    fact = fact_for(case, "f-pattern", elements=["personal_risk"])
    support_for(case, fact, kind="document", document=dated(case, "d-coi", "country_information", "2026-10"))
    (finding,) = found(case, "coi_generic_only")
    assert finding.refs == ("personal_risk", "f-pattern", "d-coi") and finding.severity == "high"


def test_personal_risk_on_a_cited_passage_and_the_applicant_word_is_generic_too(case: Case) -> None:
    fact = fact_for(case, "f-brother", elements=["personal_risk"])
    support_for(case, fact, kind="event", event=event_for(case, "e-brother", kind="threat"))
    citation_for(case, elements=("personal_risk",))
    (finding,) = found(case, "coi_generic_only")
    assert finding.refs == ("personal_risk", "f-brother", "coi-1") and "own word" in finding.message


def test_personal_risk_with_something_about_this_applicant_is_not_generic(case: Case) -> None:
    fact = fact_for(case, "f-summons", elements=["personal_risk"])
    support_for(case, fact, kind="document", document=dated(case, "d-coi", "country_information", "2026-10"))
    support_for(case, fact, kind="document", document=document_for(case, "d-summons", "threat"))
    assert not found(case, "coi_generic_only")


def test_personal_risk_on_the_applicant_word_alone_is_uncorroborated_not_generic(case: Case) -> None:
    fact = fact_for(case, "f-fear", elements=["personal_risk"])
    support_for(case, fact, kind="testimony", note="interview")
    assert not found(case, "coi_generic_only") and about(case, "element_uncorroborated", "personal_risk")


def test_a_cited_passage_from_an_old_or_superseded_report_is_dated(case: Case) -> None:
    old = citation_for(case, key="coi-1", date=datetime.date(2024, 1, 10), title="Report 2023")
    (finding,) = found(case, "coi_dated")
    assert finding.refs == ("coi-1",) and "Older than 12 months" in finding.message
    newer = citation_for(case, key="coi-2", date=datetime.date(2026, 9, 1), title="Report 2026").report
    old.report.superseded_by = newer
    old.report.save()
    (finding,) = found(case, "coi_dated")
    assert "Superseded by a newer edition: Report 2026" in finding.message


def test_a_current_cited_passage_is_not_dated(case: Case) -> None:
    citation_for(case, date=datetime.date(2026, 6, 1))
    assert not found(case, "coi_dated")


# Domestic remedies and medical findings


def test_state_protection_claimed_without_attempts_or_reasons_is_unexplained(case: Case) -> None:
    assert not found(case, "domestic_remedies_unexplained"), "nothing claimed yet"
    support_for(case, fact_for(case, "f-police", elements=["state_protection_unavailable"]))
    (finding,) = found(case, "domestic_remedies_unexplained")
    assert finding.refs == ("state_protection_unavailable", "f-police") and finding.severity == "medium"


def test_a_recorded_attempt_or_a_reason_explains_domestic_remedies(case: Case) -> None:
    support_for(case, fact_for(case, "f-police", elements=["state_protection_unavailable"]))
    Case.objects.filter(pk=case.pk).update(no_remedy_reason="The police are the persecutors.")
    case.refresh_from_db()
    assert not found(case, "domestic_remedies_unexplained")
    Case.objects.filter(pk=case.pk).update(no_remedy_reason="  ")
    case.refresh_from_db()
    chronology.remedy_add(actor="test", case=case, date="2019-04-02", body="police", outcome="retaliation")
    assert not found(case, "domestic_remedies_unexplained")


def test_a_medical_finding_without_an_event_is_unlinked(case: Case) -> None:
    medical = dated(case, "d-medical", "medical", "2026-05")
    MedicalFinding.objects.create(document=medical, finding="Scar on the back", consistency="consistent",
                                  event=event_for(case))
    MedicalFinding.objects.create(document=medical, finding="Fracture of the wrist", consistency="consistent")
    (finding,) = found(case, "medical_findings_unlinked")
    assert finding.refs == ("d-medical", "d-medical#finding-2")


def test_medical_findings_linked_to_events_are_fine(case: Case) -> None:
    medical = dated(case, "d-medical", "medical", "2026-05")
    MedicalFinding.objects.create(document=medical, finding="Scar", event=event_for(case))
    assert not found(case, "medical_findings_unlinked")


# The US checks


def official_claim(case: Case, **event: object) -> None:
    fact = fact_for(case, "f-police", elements=["official_involvement"])
    support_for(case, fact, kind="event", event=event_for(case, "e-beaten", kind="harm", **event))


def test_official_involvement_without_officials_or_evidence_is_unsupported_acquiescence(case: Case) -> None:
    official_claim(case, actors=[{"name": "militia", "official": False}])
    (finding,) = found(case, "acquiescence_unsupported")
    assert finding.refs == ("official_involvement", "f-police") and "willful" in finding.message


def test_an_official_actor_or_independent_evidence_supports_acquiescence(case: Case, org_a: Organisation) -> None:
    official_claim(case, actors=[{"name": "gendarmes", "official": True}])
    assert not found(case, "acquiescence_unsupported")
    second = other_case(org_a, "us-eoir", "B-2")
    official_claim(second)
    citation_for(second, elements=("official_involvement",))
    assert not found(second, "acquiescence_unsupported")


def test_acquiescence_is_a_us_check_only(org_a: Organisation) -> None:
    # Canada keeps official involvement (CAT Art. 1 through IRPA s.97(1)(a)) but not the US check.
    canada = other_case(org_a, "ca-irb")
    official_claim(canada)
    assert not found(canada, "acquiescence_unsupported")


def test_custody_claimed_without_a_detention_or_evidence_is_unsupported(case: Case) -> None:
    fact = fact_for(case, "f-held", elements=["custody_or_control"])
    support_for(case, fact, kind="event", event=event_for(case, "e-threat", kind="threat"))
    (finding,) = found(case, "custody_unsupported")
    assert finding.refs == ("custody_or_control", "f-held")


def test_a_detention_event_supports_custody(case: Case) -> None:
    fact = fact_for(case, "f-held", elements=["custody_or_control"])
    support_for(case, fact, kind="event", event=event_for(case, "e-held", kind="detention"))
    assert not found(case, "custody_unsupported") and not about(case, "element_unsupported", "custody_or_control")


# The report


def test_findings_come_most_serious_first_in_the_shared_json_shape(case: Case) -> None:
    support_for(case)
    dated(case, "d-expert", "expert_opinion", "2026-09")
    report = gap_report(case=case, today=TODAY)
    severities = [f.severity for f in report.findings]
    assert severities == sorted(severities, key=["high", "medium", "low"].index)
    first = report.as_json()["findings"][0]  # type: ignore[index]
    assert set(first) == {"code", "severity", "refs", "message", "advice"}


def test_page_texts_are_what_decides_that_a_document_has_words(case: Case) -> None:
    letter = document_for(case, "d-letter", "threat", language="fr", pages=(" ",))
    assert not found(case, "translation_missing")
    page_text(letter, "Nous savons où tu habites.")
    assert [f.refs for f in found(case, "translation_missing")] == [("d-letter",)]


def test_an_admissibility_condition_without_facts_is_high(org_a: Organisation) -> None:
    committee = other_case(org_a, "un-cat")
    (finding,) = about(committee, "element_unsupported", "exhaustion_of_domestic_remedies")
    assert finding.severity == "high" and "final decision" in finding.advice
