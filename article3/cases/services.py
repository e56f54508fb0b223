"""Writes for cases, people, intake and safety plans: atomic, audited, keyword-only."""

import datetime
import re
from collections.abc import Iterable
from typing import Any, NoReturn

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from article3.accounts.models import CASE_CREATING_ROLES, Organisation, Role
from article3.accounts.selectors import actor_has_org_role
from article3.audit.services import Actor, audit_record
from article3.cases.models import (
    Applicant,
    Case,
    CaseMember,
    CaseShare,
    FearedAgent,
    Person,
    SafetyPlan,
    Stage,
)
from article3.errors import DomainError, NotPermitted
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

    if not actor_has_org_role(actor=actor, organisation_id=organisation.pk, roles=CASE_CREATING_ROLES):
        raise NotPermitted(_("Only an attorney or an organisation admin can open a case."))
    if forum not in pack_ids():
        raise DomainError(_("Unknown forum '%(forum)s'; choose one of %(forums)s.")
                          % {"forum": forum, "forums": ", ".join(sorted(pack_ids()))})
    if Case.objects.filter(organisation=organisation, reference=reference).exists():
        _refuse_reference()
    try:
        with transaction.atomic():
            case = Case.objects.create(
                organisation=organisation, reference=reference, forum=forum,
                country_of_return=country_of_return.upper(), stage=stage,
                hearing_date=hearing_date, detained=detained,
            )
    except IntegrityError:  # taken between the check and the insert
        _refuse_reference()
    Applicant.objects.create(case=case, name=applicant_name)
    SafetyPlan.objects.create(case=case)
    if owner_id is not None:
        CaseMember.objects.create(case=case, user_id=owner_id, role=Role.ATTORNEY)
    _audit(actor, "cases.case.created", case, key=str(case.public_id))
    return case


REFERENCE_REFUSED = gettext_noop("This reference cannot be used for a new case. Choose another one.")


def _refuse_reference() -> NoReturn:
    """Refuse a reference already taken, in the same words whether or not the actor can see that case:
    the message neither names nor describes the other case."""
    raise DomainError(_(REFERENCE_REFUSED))


@transaction.atomic
def case_update(*, actor: Actor, case: Case, expected_version: int, changes: dict[str, Any],
                notes: list[str] | None = None) -> Case:
    """Save the case's changes; deadlines that depend on the hearing date follow it. What changed
    in the deadlines is appended to `notes`, in words, for the person who made the change."""
    from article3.deadlines.services import deadlines_follow_forum, deadlines_follow_hearing
    from article3.rulepacks import pack_ids

    if "forum" in changes and changes["forum"] not in pack_ids():
        raise DomainError(_("Choose a forum from the list."))
    if changes.get("stage") == Stage.CLOSED and case.closed_at is None:
        changes["closed_at"] = timezone.now()
    elif "stage" in changes and changes["stage"] != Stage.CLOSED:
        changes["closed_at"] = None
    # As stored: a bound ModelForm has already written the new values onto `case`.
    forum_before, hearing_before = Case.objects.values_list("forum", "hearing_date").get(pk=case.pk)
    case = versioned_update(case, expected_version=expected_version, changes=changes)
    _audit(actor, "cases.case.updated", case, key=str(case.public_id))
    said = []
    if case.forum != forum_before:
        said += deadlines_follow_forum(actor=actor, case=case, before=forum_before)
    if case.hearing_date != hearing_before or (case.forum != forum_before and case.hearing_date):
        said += deadlines_follow_hearing(actor=actor, case=case, before=hearing_before)
    if notes is not None:
        notes += said
    return case


# The roles a person can hold on a case team (the organisation admin role is not a case role).
TEAM_ROLES = (Role.ATTORNEY, Role.PARALEGAL, Role.INTERPRETER, Role.EXPERT, Role.VIEWER)


@transaction.atomic
def team_member_add(*, actor: Actor, case: Case, user_id: int, role: str) -> CaseMember:
    """Put a member of the case's organisation on its team, or change the role they hold there."""
    from article3.accounts.models import Membership

    if role not in TEAM_ROLES:
        raise DomainError(_("Unknown case role '%(role)s'; choose one of %(roles)s.")
                          % {"role": role, "roles": ", ".join(TEAM_ROLES)})
    if not Membership.objects.filter(user_id=user_id, organisation_id=case.organisation_id,
                                     user__is_active=True).exists():
        raise DomainError(_("Only members of the case's organisation can join its team."))
    seat, created = CaseMember.objects.update_or_create(case=case, user_id=user_id, defaults={"role": role})
    action = "cases.team.member_added" if created else "cases.team.role_changed"
    audit_record(actor=actor, action=action, obj=seat, object_key=str(user_id),
                 organisation_id=case.organisation_id, case_id=case.pk, detail={"role": role})
    return seat


@transaction.atomic
def team_member_remove(*, actor: Actor, seat: CaseMember) -> None:
    case = seat.case
    others = CaseMember.objects.filter(case=case, role=Role.ATTORNEY, user__is_active=True).exclude(pk=seat.pk)
    if seat.role == Role.ATTORNEY and not others.exists():
        raise DomainError(_("A case keeps at least one attorney: add another before removing this one."))
    audit_record(actor=actor, action="cases.team.member_removed", obj=seat, object_key=str(seat.user_id),
                 organisation_id=case.organisation_id, case_id=case.pk)
    seat.delete()


@transaction.atomic
def team_member_set_download(*, actor: Actor, seat: CaseMember, may_download: bool) -> CaseMember:
    seat.may_download = may_download
    seat.save(update_fields=["may_download"])
    audit_record(actor=actor, action="cases.team.download_granted" if may_download else "cases.team.download_revoked",
                 obj=seat, object_key=str(seat.user_id), organisation_id=seat.case.organisation_id,
                 case_id=seat.case_id)
    return seat


@transaction.atomic
def case_share_set(*, actor: Actor, seat: CaseMember, document: Any = None, event: Any = None,
                   shared: bool) -> None:
    """Share one document or one event with a team member, or stop sharing it."""
    thing = document if document is not None else event
    if thing is None or (document is not None and event is not None):
        raise DomainError(_("Share one document or one event at a time."))
    if thing.case_id != seat.case_id:
        raise DomainError(_("Only a document or event of this case can be shared on it."))
    target = {"document": document} if document is not None else {"event": event}
    if shared:
        CaseShare.objects.get_or_create(seat=seat, **target)
    else:
        CaseShare.objects.filter(seat=seat, **target).delete()
    audit_record(actor=actor, action="cases.share.added" if shared else "cases.share.removed", obj=thing,
                 object_key=thing.key, organisation_id=seat.case.organisation_id, case_id=seat.case_id,
                 detail={"user": seat.user_id})


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
        raise DomainError(_("A person with key '%(key)s' already exists in this case.") % {"key": key}) from exc
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


@transaction.atomic
def feared_agent_update(
    *, actor: Actor, agent: FearedAgent, expected_version: int, changes: dict[str, Any]
) -> FearedAgent:
    agent = versioned_update(agent, expected_version=expected_version, changes=changes)
    _audit(actor, "cases.feared_agent.updated", agent.case, agent, key=agent.key)
    return agent


@transaction.atomic
def feared_agent_delete(*, actor: Actor, agent: FearedAgent) -> None:
    _audit(actor, "cases.feared_agent.deleted", agent.case, agent, key=agent.key)
    agent.delete()
