"""The whole record of one case, every field of every row, decrypted: `article3 case show --format json`.

Walked from the models themselves, so a field added to a case model appears here the day it is
added; the package round-trip test compares this record before and after a hand-over, so the
same new field fails that test until the package format carries it (docs/case-package.md).
"""

import datetime
import uuid
from dataclasses import dataclass
from typing import Any

from django.db import models

from article3.audit.services import Actor, audit_record
from article3.cases.models import Applicant, Case, FearedAgent, Person, SafetyPlan
from article3.chronology.models import Account, ConflictNote, DomesticRemedy, Event
from article3.claims.models import Fact, Support
from article3.coi.models import CoiCitation
from article3.deadlines.models import Deadline, Decision, InterimRequest
from article3.evidence.models import CustodyEntry, Document, MedicalFinding
from article3.hearing.models import CrossAnswer, HearingNote, InterviewCare, LogisticsTick, OutlineItem, Witness
from article3.remedies.models import AdverseFinding, Removal

RECORD_FORMAT = "article3-case-record/1"


@dataclass(frozen=True)
class Section:
    """One kind of row of a case: where it hangs (`parent`: the foreign key to follow up to the case)."""

    name: str
    model: type[models.Model]
    parent: str  # "case" for rows of the case itself, else the foreign key to the row they belong to
    single: bool = False


# What a case package carries, in the order the record prints it.
SECTIONS: tuple[Section, ...] = (
    Section("applicant", Applicant, "case", single=True),
    Section("safety_plan", SafetyPlan, "case", single=True),
    Section("people", Person, "case"),
    Section("feared_agents", FearedAgent, "case"),
    Section("documents", Document, "case"),
    Section("custody", CustodyEntry, "document"),
    Section("findings", MedicalFinding, "document"),
    Section("events", Event, "case"),
    Section("accounts", Account, "event"),
    Section("domestic_remedies", DomesticRemedy, "case"),
    Section("facts", Fact, "case"),
    Section("support", Support, "fact"),
    Section("coi_citations", CoiCitation, "case"),
    Section("decisions", Decision, "case"),
    Section("deadlines", Deadline, "case"),
    Section("interim_requests", InterimRequest, "case"),
    Section("conflict_notes", ConflictNote, "case"),
    Section("hearing_answers", CrossAnswer, "case"),
    Section("hearing_outline", OutlineItem, "case"),
    Section("hearing_notes", HearingNote, "case"),
    Section("hearing_witnesses", Witness, "case"),
    Section("hearing_checklist_done", LogisticsTick, "case"),
    Section("interview_care", InterviewCare, "case", single=True),
    Section("removal", Removal, "case", single=True),
    Section("adverse_findings", AdverseFinding, "case"),
)

# Rows that belong to a case but do not travel in a package, and why (docs/case-package.md).
NOT_CARRIED: dict[str, str] = {
    "cases.CaseMember": "the team is made of this organisation's accounts; the recipient forms its own",
    "cases.CaseShare": "what is shared with members of this organisation's team, who do not travel",
    "cases.CaseCheck": "the dashboard's count of high findings; the recipient's checks count them again",
    "evidence.DocumentPage": "page texts are read again from each file on import",
    "evidence.PreviousOriginal": "superseded originals stay in the sender's vault; the custody history names them",
    "chronology.StatementReview": "decisions on the extraction assistant's proposals, tied to this instance's reading",
    "gendocs.GeneratedDocument": "generated drafts and certificates are made again from the case",
    "gendocs.DeclarationParagraph": "belongs to a generated document",
    "bundles.BundleBuild": "bundles are built again from the case",
    "bundles.BundleVolume": "belongs to a bundle build",
    "exports.CaseExport": "files made from the case (gap report PDFs, packages) are made again from it",
    "chronology.StatementExtraction": "the dated statements read from a document's text; read again on import",
    "deadlines.ReminderSent": "reminders sent to this organisation's users",
    "coi.CoiAlert": "monitoring of this organisation's library; recomputed from the case's risk terms",
    "remedies.RemovalAlarmSent": "removal alarms sent to this organisation's users",
    "interpreters.Booking": "bookings name this organisation's interpreters, who do not travel; the recipient books "
                            "its own (the applicant's language and dialect travel with the applicant)",
    "remedies.GrantCondition": "travels as its deadline (deadlines section: label, due date, details in the note)",
    "portal.ClientAccess": "the client's sign-in to this instance's portal; the recipient invites the client again",
    "portal.ClientAnswer": "the client's answers are for this team's review; what it keeps it writes into facts and "
                           "notes, which travel",
    "portal.ClientUpload": "the uploaded file travels as its document, whose custody says the client uploaded it",
    "portal.Message": "conversation between the client and this team, kept by this team",
    "selfhelp.Interview": "the self-help resume code's hash and the interview's progress on this instance; the "
                          "answers travel in the records the interview wrote",
}


def _value(row: models.Model, field: models.Field[Any, Any]) -> Any:
    if field.is_relation:
        target = getattr(row, field.name)
        return None if target is None else _reference(target)
    value = getattr(row, field.attname)
    if isinstance(value, datetime.date | datetime.datetime | datetime.time):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    return value


def _reference(target: models.Model) -> Any:
    """How a row names another: by its key in the case, else by what identifies it across instances."""
    key = getattr(target, "key", None)
    if key is not None:
        return key
    if target._meta.label == "coi.Passage":
        return {"report": target.report.sha256, "paragraph": target.paragraph}  # type: ignore[attr-defined]
    if target._meta.label == "coi.Report":
        return target.sha256  # type: ignore[attr-defined]
    if target._meta.label == "accounts.Organisation":
        return target.slug  # type: ignore[attr-defined]
    if isinstance(target, Case):
        return target.reference
    return str(target)  # e.g. a user: their username


def row_record(row: models.Model, *, skip: str = "") -> dict[str, Any]:
    """Every concrete field of the row (the row id excepted), then its many-to-many links as keys."""
    out: dict[str, Any] = {}
    for field in row._meta.concrete_fields:
        if field.name in ("id", skip):
            continue
        out[field.name] = _value(row, field)
    for m2m in row._meta.many_to_many:
        out[m2m.name] = [_reference(t) for t in getattr(row, m2m.name).order_by("pk")]
    return out


def _rows(section: Section, case: Case) -> list[models.Model]:
    lookup = "case" if section.parent == "case" else f"{section.parent}__case"
    # Rows that hang from another row follow their parent's order, so the record does not depend on
    # the order rows happened to be written in.
    parent_order = [] if section.parent == "case" else [f"{section.parent}__pk"]
    ordering = [*parent_order, *(section.model._meta.ordering or []), "pk"]
    manager = section.model._default_manager
    return list(manager.filter(**{lookup: case}).order_by(*ordering))


def case_record(case: Case) -> dict[str, Any]:
    """The case and every row that belongs to it, decrypted, in a stable order."""
    record: dict[str, Any] = {"format": RECORD_FORMAT, "case": row_record(case)}
    for section in SECTIONS:
        skip = "case" if section.parent == "case" else ""
        rows = [row_record(r, skip=skip) for r in _rows(section, case)]
        record[section.name] = (rows[0] if rows else None) if section.single else rows
    return record


def case_models() -> list[str]:
    """Every model with a foreign key path to Case (the registry the round-trip test checks)."""
    from django.apps import apps

    found = []
    for model in apps.get_models():
        if model is Case or _reaches_case(model, depth=3):
            found.append(model._meta.label)
    return sorted(found)


def _reaches_case(model: type[models.Model], depth: int) -> bool:
    if depth == 0:
        return False
    for field in model._meta.concrete_fields:
        remote = field.related_model if field.many_to_one or field.one_to_one else None
        if remote is Case:
            return True
        if isinstance(remote, type) and remote is not model and remote._meta.app_label not in (
                "auth", "accounts", "coi") and _reaches_case(remote, depth - 1):
            return True
    return False


def case_record_show(*, actor: Actor, case: Case) -> dict[str, Any]:
    """The record, with the reading audited (it holds everything, the safety plan included)."""
    record = case_record(case)
    audit_record(actor=actor, action="interchange.case.shown", obj=case, organisation_id=case.organisation_id,
                 case_id=case.pk, detail={"sections": [s.name for s in SECTIONS]})
    return record
