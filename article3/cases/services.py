"""Writes for cases, people, intake and safety plans: atomic, audited, keyword-only."""

import datetime
import re
from collections.abc import Iterable
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from article3.accounts.models import Organisation, Role
from article3.audit.services import Actor, audit_record
from article3.cases.models import (
    Applicant,
    Case,
    CaseMember,
    FearedAgent,
    Person,
    SafetyPlan,
    Stage,
)
from article3.errors import DomainError
from article3.versioning import versioned_update


def _audit(actor: Actor, action: str, case: Case, obj: Any = None, key: str = "") -> None:
    audit_record(
        actor=actor, action=action, obj=obj if obj is not None else case, object_key=key,
        organisation_id=case.organisation_id, case_id=case.pk,
    )


def unique_key(*, existing: Iterable[str], prefix: str) -> str:
    """An opaque key like `p-3`: the prefix and the next number free in the case.

    Keys end up in URLs, browser history and the audit log's object_key, so they carry nothing
    the user typed (a relation or a fact's first words can be a name). Taking one past the
    highest number, rather than the first gap, keeps a deleted record's key from being given to
    another one. Keys kept from an imported package are left as they are.
    """
    pattern = re.compile(rf"{re.escape(prefix)}-([0-9]+)")
    numbers = [int(found.group(1)) for key in existing if (found := pattern.fullmatch(key))]
    return f"{prefix}-{max(numbers, default=0) + 1}"


@transaction.atomic
def case_create(
    *,
    actor: Actor,
    organisation: Organisation,
    reference: str,
    forum: str,
    country_of_return: str,
    applicant_name: str,
    stage: str = Stage.INTAKE,
    hearing_date: datetime.date | None = None,
    detained: bool = False,
    owner_id: int | None = None,
) -> Case:
    from article3.rulepacks import pack_ids

    if forum not in pack_ids():
        raise DomainError(f"Unknown forum '{forum}'; choose one of {', '.join(sorted(pack_ids()))}.")
    if Case.objects.filter(organisation=organisation, reference=reference).exists():
        raise DomainError(f"A case with reference '{reference}' already exists in this organisation.")
    case = Case.objects.create(
        organisation=organisation, reference=reference, forum=forum,
        country_of_return=country_of_return.upper(), stage=stage,
        hearing_date=hearing_date, detained=detained,
    )
    Applicant.objects.create(case=case, name=applicant_name)
    SafetyPlan.objects.create(case=case)
    if owner_id is not None:
        CaseMember.objects.create(case=case, user_id=owner_id, role=Role.ATTORNEY)
    _audit(actor, "cases.case.created", case, key=str(case.public_id))
    return case


@transaction.atomic
def case_update(*, actor: Actor, case: Case, expected_version: int, changes: dict[str, Any]) -> Case:
    if changes.get("stage") == Stage.CLOSED and case.closed_at is None:
        changes["closed_at"] = timezone.now()
    elif "stage" in changes and changes["stage"] != Stage.CLOSED:
        changes["closed_at"] = None
    case = versioned_update(case, expected_version=expected_version, changes=changes)
    _audit(actor, "cases.case.updated", case, key=str(case.public_id))
    return case


@transaction.atomic
def team_member_add(*, actor: Actor, case: Case, user_id: int, role: str) -> CaseMember:
    from article3.accounts.models import Membership

    if not Membership.objects.filter(user_id=user_id, organisation_id=case.organisation_id).exists():
        raise DomainError("Only members of the case's organisation can join its team.")
    seat, _ = CaseMember.objects.update_or_create(case=case, user_id=user_id, defaults={"role": role})
    _audit(actor, "cases.team.member_added", case, seat, key=str(user_id))
    return seat


@transaction.atomic
def applicant_update(
    *, actor: Actor, applicant: Applicant, expected_version: int, changes: dict[str, Any]
) -> Applicant:
    applicant = versioned_update(applicant, expected_version=expected_version, changes=changes)
    _audit(actor, "cases.applicant.updated", applicant.case, applicant)
    return applicant


@transaction.atomic
def person_add(*, actor: Actor, case: Case, key: str = "", **fields: Any) -> Person:
    existing = set(case.people.values_list("key", flat=True))
    key = key or unique_key(existing=existing, prefix="p")
    try:
        with transaction.atomic():
            person = Person.objects.create(case=case, key=key, **fields)
    except IntegrityError as exc:
        raise DomainError(f"A person with key '{key}' already exists in this case.") from exc
    _audit(actor, "cases.person.added", case, person, key=person.key)
    return person


@transaction.atomic
def person_update(*, actor: Actor, person: Person, expected_version: int, changes: dict[str, Any]) -> Person:
    person = versioned_update(person, expected_version=expected_version, changes=changes)
    _audit(actor, "cases.person.updated", person.case, person, key=person.key)
    return person


@transaction.atomic
def person_delete(*, actor: Actor, person: Person) -> None:
    case, key = person.case, person.key
    _audit(actor, "cases.person.deleted", case, person, key=key)
    person.delete()


@transaction.atomic
def feared_agent_add(*, actor: Actor, case: Case, **fields: Any) -> FearedAgent:
    existing = set(case.feared_agents.values_list("key", flat=True))
    key = fields.pop("key", "") or unique_key(existing=existing, prefix="a")
    agent = FearedAgent.objects.create(case=case, key=key, **fields)
    _audit(actor, "cases.feared_agent.added", case, agent, key=agent.key)
    return agent


@transaction.atomic
def safety_plan_update(
    *, actor: Actor, plan: SafetyPlan, expected_version: int, changes: dict[str, Any]
) -> SafetyPlan:
    plan = versioned_update(plan, expected_version=expected_version, changes=changes)
    _audit(actor, "cases.safety_plan.updated", plan.case, plan)
    return plan
