"""The demo case: a fictional applicant whose file exercises every part of Article3.

Everything here is invented. The chronology plants one contradiction (the detention dates in
the declaration and in the medical report) for the consistency checker to find.
"""

import datetime
import io
from typing import Any

from django.db import transaction
from django.utils.text import slugify

from article3.accounts.models import Organisation
from article3.audit.services import Actor
from article3.cases import services as cases
from article3.cases.models import Case
from article3.chronology import services as chronology
from article3.demo_documents import DOCUMENTS, document_pdf
from article3.evidence.models import Document, MedicalFinding
from article3.evidence.services import document_add

DEMO_REFERENCE = "DEMO-2026-001"

PEOPLE: list[dict[str, Any]] = [
    {"key": "p-brother", "role": "family", "name": "Emmanuel Tabe", "relation": "brother",
     "at_risk": True, "redact": True},
    {"key": "p-mother", "role": "family", "name": "Grace Tabe", "relation": "mother",
     "at_risk": True, "redact": True},
    {"key": "p-witness", "role": "witness", "name": "Pascal Ndi", "relation": "fellow activist",
     "at_risk": True, "redact": False},
    {"key": "p-expert", "role": "expert", "name": "Dr. Helen Ward", "relation": "country expert"},
]

EVENTS: list[dict[str, Any]] = [
    {"key": "e-meeting-2018", "kind": "threat", "date": "2018-11",
     "title": "Warned by a local official to stop attending community meetings",
     "place": "Bamenda, North-West Region", "actors": [{"name": "sub-prefect's office", "official": True}]},
    {"key": "e-arrest-2019", "kind": "detention", "date": "2019-03-14/2019-03-19",
     "title": "Arrested at a checkpoint and held at the gendarmerie",
     "place": "Bamenda, North-West Region", "actors": [{"name": "gendarmes", "official": True}]},
    {"key": "e-beating-2019", "kind": "harm", "date": "2019-03-15",
     "title": "Beaten with cables during questioning about the meetings",
     "place": "Bamenda, North-West Region", "actors": [{"name": "gendarmes", "official": True}]},
    {"key": "e-release-2019", "kind": "release", "date": "2019-03-19",
     "title": "Released after the family paid; told to report weekly", "place": "Bamenda"},
    {"key": "e-summons-2019", "kind": "threat", "date": "2019-04-09",
     "title": "Summoned by the gendarmerie after the complaint", "place": "Bamenda"},
    {"key": "e-brother-2020", "kind": "threat", "date": "~2020-02", "concerns_applicant": False,
     "title": "Brother questioned about the applicant's whereabouts", "place": "Bamenda"},
    {"key": "e-departure-2019", "kind": "departure", "date": "2019-06-20",
     "title": "Left the country through Nigeria", "place": "Ekok border crossing"},
    {"key": "e-arrival-2019", "kind": "arrival", "date": "2019-09-02",
     "title": "Arrived at the southern border and asked for protection", "place": "San Ysidro",
     "in_home_country": False},
]

# Per-source accounts: (event key, source document or interview, page, paragraph, date, place, age)
ACCOUNTS: list[tuple[str, str, int | None, int | None, str, str, int | None]] = [
    ("e-arrest-2019", "d-declaration", 1, 14, "2019-03-14/2019-03-19", "Bamenda", 17),
    ("e-arrest-2019", "d-medical", 1, None, "2019-04", "", None),  # the planted contradiction
    ("e-arrest-2019", "interview:Credible fear interview", None, None, "2019-03", "Bamenda", 17),
    ("e-beating-2019", "d-declaration", 1, 15, "2019-03-15", "Bamenda", None),
    ("e-departure-2019", "d-declaration", 2, 22, "2019-06-20", "Ekok", None),
]

REMEDIES: list[dict[str, Any]] = [
    {"key": "r-complaint-2019", "date": "2019-04-02", "body": "police", "outcome": "retaliation",
     "description": "Complaint about the detention and beating",
     "consequence": "Summoned and threatened the following week"},
    {"key": "r-commission-2019", "date": "2019-05", "body": "human_rights_commission",
     "outcome": "no_response", "description": "Letter to the regional human rights commission",
     "consequence": "No reply; the family was visited by gendarmes"},
]


@transaction.atomic
def demo_load(*, actor: Actor, organisation: Organisation) -> Case | None:
    """Create the demo case, or return None if it is already there."""
    if Case.objects.filter(organisation=organisation, reference=DEMO_REFERENCE).exists():
        return None
    case = cases.case_create(
        actor=actor, organisation=organisation, reference=DEMO_REFERENCE, forum="us-eoir",
        country_of_return="CM", applicant_name="Joseph Tabe", stage="preparing",
        hearing_date=datetime.date(2027, 2, 10),
    )
    _applicant(actor, case)
    for person in PEOPLE:
        cases.person_add(actor=actor, case=case, **person)
    cases.feared_agent_add(actor=actor, case=case, description="Gendarmerie of Bamenda", official=True,
                           link_to_officials="State security force under the Ministry of Defence")
    documents = _documents(actor, case)
    events = {e["key"]: chronology.event_add(actor=actor, case=case, **e) for e in EVENTS}
    for key, source, page, paragraph, date, place, age in ACCOUNTS:
        interview = source.removeprefix("interview:") if source.startswith("interview:") else ""
        chronology.account_add(actor=actor, event=events[key], document=documents.get(source),
                               interview=interview, page=page, paragraph=paragraph, date=date,
                               place=place, age_stated=age)
    for remedy in REMEDIES:
        chronology.remedy_add(actor=actor, case=case, **remedy)
    _facts(actor, case)
    _safety_plan(actor, case)
    return case


def _documents(actor: Actor, case: Case) -> dict[str, Document]:
    """Generated PDFs, converted in the background like any upload."""
    made = {}
    for key, kind, title, language, date, author, pages in DOCUMENTS:
        made[key] = document_add(actor=actor, case=case, stream=io.BytesIO(document_pdf(pages)),
                                 filename=f"{slugify(title)}.pdf", key=key, kind=kind, title=title,
                                 language=language, date=date, author=author)
    Document.objects.filter(pk=made["d-summons-en"].pk).update(
        translates=made["d-summons"], translator="A. Mbarga, certified translator", certified=True,
        translator_competence="Competent in French and English", certificate_date="2026-10-05")
    Document.objects.filter(pk=made["d-expert"].pk).update(addresses_individual_circumstances=False)
    MedicalFinding.objects.create(document=made["d-medical"], finding="Linear scars on the upper back",
                                  attributed_to="beating with a cable", consistency="highly_consistent")
    Case.objects.filter(pk=case.pk).update(exhibit_order=["d-declaration", "d-medical", "d-expert", "d-summons"])
    return made


def _applicant(actor: Actor, case: Case) -> None:
    applicant = case.applicant
    cases.applicant_update(actor=actor, applicant=applicant, expected_version=applicant.version, changes={
        "other_names": ["Jo Tabe"], "birth_date": "2001-06-02", "nationality": "CM",
        "languages": ["en", "fr"], "interpreter_language": "fr", "reads_english": False,
        "background": "Grew up in Bamenda; active in a community association since 2017.",
    })
    case.refresh_from_db()
    cases.case_update(actor=actor, case=case, expected_version=case.version, changes={
        "risk_profile": "Member of an anglophone community association; known to local officials.",
        "risk_terms": "anglophone, separatist, gendarmerie, Bamenda, North-West",
        "prior_immigration": "No earlier applications; entered once, in September 2019.",
    })


def _safety_plan(actor: Actor, case: Case) -> None:
    plan = case.safety_plan
    cases.safety_plan_update(actor=actor, plan=plan, expected_version=plan.version, changes={
        "trusted_contacts": "Caseworker at the shelter (phone kept in the office file)",
        "emergency_contacts": "Clinic hotline; attorney's mobile",
        "legal_contacts": "Supervising attorney, legal-aid clinic",
        "originals_location": "Identity card and summons in the clinic safe, envelope 14",
        "medical_referrals": "Community health centre, Tuesday clinic",
        "psychological_referrals": "Trauma counselling programme (waiting list)",
        "organisation_referrals": "Cameroonian diaspora support network",
    })


# Facts for the element matrix: (key, text, elements, support as event or document keys with pages).
# Left thin on purpose: the gap report should find unsupported and uncorroborated elements.
FACTS: list[tuple[str, str, list[str], list[tuple[str, str]]]] = [
    ("f-detained-beaten", "Gendarmes held the applicant at the Bamenda gendarmerie for five days and beat him "
     "with cables.", ["past_torture", "severe_pain_or_suffering", "intentional_infliction", "official_involvement",
                      "custody_or_control"],
     [("e-arrest-2019", ""), ("e-beating-2019", ""), ("d-medical", "1")]),
    ("f-questioned-meetings", "While beating him they questioned him about the community association's meetings.",
     ["prohibited_purpose"], [("e-beating-2019", "")]),
    ("f-warned-by-official", "An official of the sub-prefect's office warned him to stop attending the meetings.",
     ["official_involvement", "personal_risk"], [("e-meeting-2018", "")]),
    ("f-complaint-summons", "After he complained to the police, the gendarmerie summoned him.",
     ["state_protection_unavailable"], [("e-summons-2019", ""), ("d-summons", "1")]),
    ("f-brother-questioned", "In 2020 gendarmes questioned his brother about where he was.",
     ["personal_risk"], [("e-brother-2020", "")]),
    ("f-checkpoint-pattern", "Gendarmes routinely detain young anglophone men at checkpoints.",
     ["country_conditions", "personal_risk"], [("d-expert", "1")]),
]


def _facts(actor: Actor, case: Case) -> None:
    from article3.claims import services as claims

    events = {event.key: event for event in case.events.all()}
    documents = {document.key: document for document in case.documents.all()}
    for key, text, elements, support in FACTS:
        fact = claims.fact_add(actor=actor, case=case, key=key, text=text, elements=elements)
        for target, pages in support:
            if target in events:
                claims.support_add(actor=actor, fact=fact, kind="event", event=events[target])
            elif target in documents:
                claims.support_add(actor=actor, fact=fact, kind="document", document=documents[target], pages=pages)
