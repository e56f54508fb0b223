"""A case whose every free-text field, file name and file body holds its own canary.

A canary is `cnry` and 16 hex digits: unique, never produced by templates, and unchanged by
HTML escaping. `Canaries.where[c]` names the field it was put in, so a hit says what leaked.
Text that the services turn into keys (a person's relation, a feared agent's description,
a fact's text) is given through the services, as a user would type it.
"""

import datetime
import io
import uuid
from dataclasses import dataclass, field
from typing import Any

from django.db import models

from article3.cases import services as cases
from article3.cases.models import Case
from article3.chronology import services as chronology
from article3.claims import services as claims
from article3.coi.models import CoiAlert
from article3.deadlines import services as deadlines
from article3.evidence.models import MedicalFinding
from article3.evidence.services import document_add, document_process, document_replace
from tests.claims.factories import citation_for
from tests.deadlines.factories import deadline_for

# model label -> (filter from the model to the case, free-text fields to fill)
FIELDS: dict[str, tuple[str, list[str]]] = {
    "cases.case": ("pk", ["risk_profile", "risk_terms", "no_remedy_reason", "prior_immigration"]),
    "cases.applicant": ("case", ["background"]),
    "cases.person": ("case", ["notes"]),
    "cases.fearedagent": ("case", ["link_to_officials"]),
    "cases.safetyplan": ("case", ["trusted_contacts", "emergency_contacts", "legal_contacts", "originals_location",
                                  "medical_referrals", "psychological_referrals", "housing_referrals",
                                  "organisation_referrals", "routines"]),
    "evidence.document": ("case", ["title", "author", "received_from", "received_how", "translator",
                                   "translator_competence", "translator_address", "translator_phone",
                                   "qualifications", "examiner"]),
    "evidence.medicalfinding": ("document__case", ["finding", "attributed_to"]),
    "chronology.event": ("case", ["place", "description"]),
    "chronology.account": ("event__case", ["place", "quote"]),
    "chronology.domesticremedy": ("case", ["consequence"]),
    "claims.support": ("fact__case", ["note"]),
    "deadlines.deadline": ("case", ["note"]),
    "deadlines.decision": ("case", ["decision_maker", "relief", "reasons_note"]),
    "deadlines.interimrequest": ("case", ["addressed_to", "reference", "note"]),
    "coi.coicitation": ("case", ["note"]),
    "coi.coialert": ("case", ["terms"]),
    "evidence.previousoriginal": ("document__case", ["original_name"]),
    "evidence.custodyentry": ("document__case", ["note"]),
}


@dataclass
class Canaries:
    where: dict[str, str] = field(default_factory=dict)

    def new(self, place: str) -> str:
        token = f"cnry{uuid.uuid4().hex[:16]}"
        self.where[token] = place
        return token

    def found_in(self, text: str | bytes) -> set[str]:
        body = text.decode(errors="replace") if isinstance(text, bytes) else text
        return {token for token in self.where if token in body}


def seed_case(*, organisation: Any, owner: Any, canaries: Canaries) -> Case:
    """Case A: every part of a case, created the way users create them, then every text field filled."""
    c = canaries.new
    case = cases.case_create(actor=owner, organisation=organisation, reference=c("case.reference"), forum="us-eoir",
                             country_of_return="CM", applicant_name=c("applicant.name"), owner_id=owner.pk)
    cases.person_add(actor=owner, case=case, role="family", name=c("person.name"), relation=c("person.relation"),
                     at_risk=True)
    cases.feared_agent_add(actor=owner, case=case, description=c("agent.description"), official=True)
    event = chronology.event_add(actor=owner, case=case, kind="detention", date="2019-03-14",
                                 title=c("event.title"), actors=[{"name": c("event.actor"), "official": True}])
    chronology.account_add(actor=owner, event=event, interview=c("account.interview"), date="2019-03")
    chronology.remedy_add(actor=owner, case=case, date="2019-04", body="police", outcome="retaliation",
                          description=c("remedy.description"))
    chronology.conflict_note_set(actor=owner, case=case, conflict_id="c-0000000000", status="explained",
                                 note=c("conflict.note"))
    document = document_add(actor=owner, case=case, stream=io.BytesIO(b"Statement, first version.\n"),
                            filename=f"{c('file.previous_name')}.txt", kind="medical", process=False)
    document_replace(actor=owner, document=document, stream=io.BytesIO(f"Statement: {c('file.text')}\n".encode()),
                     filename=f"{c('file.name')}.txt", reason=c("custody.reason"), process=False)
    document.refresh_from_db()
    document = document_process(document=document, ocr=False)  # what the worker does: a PDF and page texts
    MedicalFinding.objects.create(document=document, finding="x", consistency="consistent", event=event)
    fact = claims.fact_add(actor=owner, case=case, text=f"{c('fact.text')} was held for five days.",
                           elements=["past_torture"])
    claims.support_add(actor=owner, fact=fact, kind="document", document=document, pages="1")
    deadline_for(case)
    deadlines.decision_record(actor=owner, case=case, date=datetime.date(2026, 5, 4), trigger="ij_decision",
                              outcome="denied", service="mail")
    deadlines.interim_request_add(actor=owner, case=case, kind="stay_of_removal")
    citation = citation_for(case)
    CoiAlert.objects.create(case=case, report=citation.report, passage=citation.passage, terms=[c("alert.term")])
    _fill(case, canaries)
    return case


def seed_typed_text(*, owner: Any, case: Case, canaries: Canaries) -> None:
    """Free text that the forms hand to the services and that `_fill` does not reach (it overwrites the
    columns known to be encrypted): should one of these columns be left plain, its canary shows."""
    from article3.docs.services import generated_request

    c = canaries.new
    deadlines.decision_record(actor=owner, case=case, date=datetime.date(2026, 6, 1), trigger="ij_decision",
                              outcome="granted", service="mail", decision_maker=c("typed: decision.decision_maker"),
                              relief=c("typed: decision.relief"), reasons_note=c("typed: decision.reasons_note"))
    deadlines.interim_request_add(actor=owner, case=case, kind="stay_of_removal",
                                  addressed_to=c("typed: interim.addressed_to"),
                                  reference=c("typed: interim.reference"), note=c("typed: interim.note"))

    # Queued: with the database task backend, the task's payload is in the database scanned too.
    generated_request(actor=owner, case=case, kind="service_certificate", options={
        "served_on": c("typed: docs.served_on"), "method": c("typed: docs.method"), "date": "2026-11-20",
        "by_whom": c("typed: docs.by_whom"), "documents_served": c("typed: docs.documents_served")})
    generated_request(actor=owner, case=case, kind="un_cat_communication", queue=False, options={
        "state_party": "CA", "removal_date": "2026-12-01",  # a State from the pack's list, not typed text
        "removal_details": c("typed: docs.removal_details")})


def _fill(case: Case, canaries: Canaries) -> None:
    from django.apps import apps

    for label, (to_case, names) in FIELDS.items():
        model: type[models.Model] = apps.get_model(label)
        for row in model._base_manager.filter(**{to_case: case.pk}):
            values = {name: canaries.new(f"{label}.{name}") for name in names}
            model._base_manager.filter(pk=row.pk).update(**values)


def seed_library(*, case: Case, canaries: Canaries) -> None:
    """Organisation-level text (the country-information library): the organisation's own, not the case's."""
    from article3.coi.models import Passage, Report

    Report.objects.filter(organisation=case.organisation).update(title=canaries.new("coi.report.title"))
    Passage.objects.filter(report__organisation=case.organisation).update(text=canaries.new("coi.passage.text"))
