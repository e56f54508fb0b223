"""Package sections of `article3-case/2` for the work done on a case: decisions, deadlines, interim requests,
the planned removal, the adverse findings tagged on a decision, the lawyer's answers to chronology conflicts,
and the client's answers to anticipated hearing questions.

They travel as recorded, working and verification flags included: the recipient sees the same dates
the sender relied on, and recomputes them with `deadlines compute` if the rule packs differ.
"""

import datetime
from typing import Any

from article3.cases.models import Case
from article3.chronology.models import ConflictNote
from article3.deadlines.models import Deadline, Decision, InterimRequest
from article3.evidence.models import Document
from article3.hearing.models import (
    CrossAnswer,
    HearingNote,
    InterviewCare,
    LogisticsTick,
    OutlineItem,
    Witness,
)
from article3.remedies.models import AdverseFinding, Removal

DECISION_FIELDS = ("date", "trigger", "decision_maker", "outcome", "relief", "relief_granted", "relief_refused",
                   "service", "final", "reasons", "reasons_note", "created_at")
DEADLINE_FIELDS = ("rule", "label", "title", "forum", "trigger", "trigger_date", "service", "due", "target",
                   "aim_reason", "rule_day", "filing", "citation", "verified", "confidence", "rule_checked_on",
                   "note", "trace", "working", "origin", "done_at", "created_at")
INTERIM_FIELDS = ("kind", "status", "addressed_to", "reference", "filed_on", "decided_on", "compliance", "option",
                  "note", "created_at", "updated_at")
REMOVAL_FIELDS = ("removal_date", "removal_time", "detention_place", "transfer_risk", "identifier",
                  "contact_arrangements", "created_at", "updated_at")
FINDING_FIELDS = ("page", "paragraph", "category", "element", "finding", "answer", "created_at")
CONFLICT_NOTE_FIELDS = ("conflict_id", "status", "note", "updated_at")
HEARING_ANSWER_FIELDS = ("question_id", "finding", "answer", "approved", "updated_at")
OUTLINE_FIELDS = ("element", "title", "elicit", "witnesses", "position")
HEARING_NOTE_FIELDS = ("question_id", "judge_asked", "text", "created_at")
TICK_FIELDS = ("item", "ticked_at")
CARE_FIELDS = ("breaks", "triggers", "interviewer_gender", "interpreter_gender", "accommodations", "updated_at")
WITNESS_FIELDS = ("speaks_to", "language", "interpreter_needed", "remote", "contact_done", "checklist")
# Set by the database on create; written afterwards so they keep the sender's values.
AUTOMATIC = ("created_at", "updated_at", "ticked_at")


def _plain(row: Any, names: tuple[str, ...]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name in names:
        value = getattr(row, name)
        if isinstance(value, datetime.date | datetime.datetime | datetime.time):
            value = value.isoformat()
        if value not in (None, "", [], {}):
            out[name] = value
    return out


def export_casework(case: Case) -> dict[str, Any]:
    decisions = Decision.objects.filter(case=case).order_by("pk")
    deadlines = Deadline.objects.filter(case=case).select_related("decision").order_by("pk")
    removal = Removal.objects.filter(case=case).first()
    return {
        "decisions": [{"id": d.key, **_plain(d, DECISION_FIELDS)} for d in decisions],
        "deadlines": [{**_plain(d, DEADLINE_FIELDS), **({"decision": d.decision.key} if d.decision else {})}
                      for d in deadlines],
        "interim_requests": [_plain(r, INTERIM_FIELDS)
                             for r in InterimRequest.objects.filter(case=case).order_by("pk")],
        "removal": _plain(removal, REMOVAL_FIELDS) if removal is not None else None,
        "adverse_findings": [{"id": f.key, "decision": f.decision.key, **_plain(f, FINDING_FIELDS)}
                             for f in AdverseFinding.objects.filter(case=case).select_related("decision")
                             .order_by("pk")],
        # A conflict's id is made of the keys of the records it names, which travel unchanged.
        "conflict_notes": [_plain(n, CONFLICT_NOTE_FIELDS)
                           for n in ConflictNote.objects.filter(case=case).order_by("pk")],
        # Named like conflicts: by the id of the finding the question comes from.
        "hearing_answers": [_plain(a, HEARING_ANSWER_FIELDS)
                            for a in CrossAnswer.objects.filter(case=case).order_by("pk")],
        "hearing_outline": [_plain(i, OUTLINE_FIELDS) for i in OutlineItem.objects.filter(case=case)],
        # Left out of packages for third parties (exporter.manifest_for with redact).
        "interview_care": _plain(care, CARE_FIELDS) if (care := InterviewCare.objects.filter(case=case).first())
        else None,
        "hearing_checklist_done": [_plain(t, TICK_FIELDS) for t in LogisticsTick.objects.filter(case=case)],
        "hearing_notes": [_plain(n, HEARING_NOTE_FIELDS) for n in HearingNote.objects.filter(case=case)],
        "hearing_witnesses": [{"person": w.person.key, **_plain(w, WITNESS_FIELDS)}
                              for w in Witness.objects.filter(case=case).select_related("person")],
    }


def _create(model: Any, values: dict[str, Any], names: tuple[str, ...], **links: Any) -> Any:
    fields = {k: values[k] for k in names if k in values and k not in AUTOMATIC}
    row = model.objects.create(**fields, **links)
    automatic = {k: values[k] for k in AUTOMATIC if k in names and k in values}
    if automatic:
        model.objects.filter(pk=row.pk).update(**automatic)
    return row


def import_casework(*, case: Case, manifest: dict[str, Any]) -> None:
    decisions = {item["id"]: _create(Decision, item, DECISION_FIELDS, case=case, key=item["id"])
                 for item in manifest.get("decisions", [])}
    for item in manifest.get("deadlines", []):
        _create(Deadline, item, DEADLINE_FIELDS, case=case, decision=decisions.get(item.get("decision", "")))
    for item in manifest.get("interim_requests", []):
        _create(InterimRequest, item, INTERIM_FIELDS, case=case)
    for item in manifest.get("conflict_notes", []):
        _create(ConflictNote, item, CONFLICT_NOTE_FIELDS, case=case)
    for item in manifest.get("hearing_answers", []):
        _create(CrossAnswer, item, HEARING_ANSWER_FIELDS, case=case)
    for item in manifest.get("hearing_outline", []):
        _create(OutlineItem, item, OUTLINE_FIELDS, case=case)
    for item in manifest.get("hearing_notes", []):
        _create(HearingNote, item, HEARING_NOTE_FIELDS, case=case)
    if manifest.get("interview_care"):
        _create(InterviewCare, manifest["interview_care"], CARE_FIELDS, case=case)
    for item in manifest.get("hearing_checklist_done", []):
        _create(LogisticsTick, item, TICK_FIELDS, case=case)
    people = {p.key: p for p in case.people.all()}
    for item in manifest.get("hearing_witnesses", []):
        _create(Witness, item, WITNESS_FIELDS, case=case, person=people[item["person"]])
    if manifest.get("removal"):
        _create(Removal, manifest["removal"], REMOVAL_FIELDS, case=case)
    documents = {d.key: d for d in Document.objects.filter(case=case)}
    for item in manifest.get("adverse_findings", []):
        _create(AdverseFinding, item, FINDING_FIELDS, case=case, key=item["id"],
                decision=documents[item["decision"]])
