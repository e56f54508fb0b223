"""Witnesses for the hearing: people on the case who will speak, what they speak to, how they attend,
their statements' pages in the bundle, and a preparation checklist for each."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from article3.audit.services import Actor, audit_record
from article3.cases.models import Case, Person
from article3.errors import DomainError
from article3.evidence.models import DocumentKind
from article3.hearing.models import WITNESS_CHECKLIST, Witness
from article3.hearing.questions import Namer, Pinpoint, last_page_map
from article3.versioning import versioned_update

CHECK_CODES = frozenset(code for code, _ in WITNESS_CHECKLIST)
EDITABLE = ("speaks_to", "language", "interpreter_needed", "remote", "contact_done", "checklist")


@dataclass(frozen=True)
class WitnessRow:
    witness: Witness
    statements: tuple[Pinpoint, ...]
    checklist: tuple[tuple[str, str, bool], ...]  # code, label, ticked

    @property
    def open_items(self) -> int:
        return sum(1 for _, _, ticked in self.checklist if not ticked)


def _audit(actor: Actor, action: str, case: Case, witness: Witness) -> None:
    audit_record(actor=actor, action=action, obj=witness, object_key=witness.person.key,
                 organisation_id=case.organisation_id, case_id=case.pk)


def witness_list(*, case: Case) -> list[WitnessRow]:
    """Each witness with their statements (documents of kind witness statement they wrote) in bundle pages."""
    documents = list(case.documents.filter(kind=DocumentKind.WITNESS_STATEMENT))
    namer = Namer(documents, last_page_map(case))
    rows = []
    for witness in Witness.objects.filter(case=case).select_related("person"):
        name = witness.person.name.strip().casefold()
        pins = tuple(namer.pin(d) for d in documents if name and d.author.strip().casefold() == name)
        ticked = set(witness.checklist or [])
        rows.append(WitnessRow(witness=witness, statements=pins,
                               checklist=tuple((c, str(label), c in ticked) for c, label in WITNESS_CHECKLIST)))
    return rows


def candidates(*, case: Case) -> list[Person]:
    """People on the case not yet on the witness list."""
    listed = set(Witness.objects.filter(case=case).values_list("person_id", flat=True))
    return [p for p in case.people.order_by("pk") if p.pk not in listed]


@transaction.atomic
def witness_add(*, actor: Actor, case: Case, person_key: str) -> Witness:
    person = case.people.filter(key=person_key).first()
    if person is None:
        raise DomainError(_("Choose a person on the case to add as a witness."))
    if Witness.objects.filter(case=case, person=person).exists():
        raise DomainError(_("This person is already on the witness list."))
    witness = Witness.objects.create(case=case, person=person)
    _audit(actor, "hearing.witness.added", case, witness)
    return witness


def _clean(fields: dict[str, Any]) -> dict[str, Any]:
    checklist = [c for c in fields.get("checklist") or [] if c in CHECK_CODES]
    if len(checklist) != len(fields.get("checklist") or []):
        raise DomainError(_("An item of the checklist is not one Article3 knows; reload the page and tick again."))
    return {"speaks_to": str(fields.get("speaks_to", "")).strip(), "language": str(fields.get("language", "")).strip(),
            "interpreter_needed": bool(fields.get("interpreter_needed")), "remote": bool(fields.get("remote")),
            "contact_done": bool(fields.get("contact_done")), "checklist": checklist}


@transaction.atomic
def witness_update(*, actor: Actor, witness: Witness, expected_version: int, **fields: Any) -> Witness:
    updated = versioned_update(witness, expected_version=expected_version, changes=_clean(fields))
    _audit(actor, "hearing.witness.updated", witness.case, updated)
    return updated


@transaction.atomic
def witness_remove(*, actor: Actor, witness: Witness) -> None:
    _audit(actor, "hearing.witness.removed", witness.case, witness)
    witness.delete()
