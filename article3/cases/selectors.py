"""Reads, scoped to what the user may see. Every view, API and CLI read of a case goes through here."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.http import Http404

from article3.accounts.models import EDITING_ROLES, Membership, Role
from article3.accounts.selectors import user_id
from article3.cases.models import Case, CaseMember

if TYPE_CHECKING:
    from article3.chronology.models import Event
    from article3.evidence.models import Document

User = AbstractBaseUser | AnonymousUser

MANAGING_ROLES = frozenset({Role.ADMIN, Role.ATTORNEY})
NEED_TO_KNOW_ROLES = frozenset({Role.INTERPRETER, Role.EXPERT})


def case_list_for_user(*, user: User, shared: bool = False) -> QuerySet[Case]:
    """Cases on the user's teams, plus every case of organisations where they are admin.

    Cases where the user only sees what is shared (interpreter, expert) are left out unless the
    caller asks for them with `shared=True` and reads their contents through the share-aware selectors.
    """
    uid = user_id(user)
    if uid < 0:
        return Case.objects.none()
    admin_orgs = Membership.objects.filter(user_id=uid, role=Role.ADMIN).values("organisation_id")
    on_team = CaseMember.objects.filter(user_id=uid).values("case_id")
    # A team seat counts only while the user still belongs to the case's organisation.
    member_orgs = Membership.objects.filter(user_id=uid).values("organisation_id")
    cases = Case.objects.filter(
        Q(organisation_id__in=admin_orgs) | (Q(pk__in=on_team) & Q(organisation_id__in=member_orgs))
    )
    cases = cases.exclude(pk__in=_self_help_not_handed_over())
    if not shared:
        cases = cases.exclude(pk__in=CaseMember.objects.filter(user_id=uid, role__in=NEED_TO_KNOW_ROLES)
                              .values("case_id"))
    return cases


def _self_help_not_handed_over() -> QuerySet[Any]:
    """Self-help cases stay the applicant's until they hand them over: no member sees them before."""
    from article3.selfhelp.models import Interview

    return Interview.objects.filter(handed_over_at__isnull=True).values("case_id")


def case_get_for_user(*, user: User, public_id: uuid.UUID | str, shared: bool = False) -> Case:
    """The case, or 404 when it does not exist or the user is not on it: both look the same.

    Interpreters and experts see only what is shared with them, so for them the case answers
    only to callers that read through the share-aware selectors below (`shared=True`); every
    other page, export and download of the case is a 404 for them.
    """
    try:
        case = case_list_for_user(user=user, shared=True).select_related("organisation").get(public_id=public_id)
    except (Case.DoesNotExist, ValueError, ValidationError) as exc:  # a malformed id is just not found
        raise Http404 from exc
    if not shared and need_to_know(user=user, case=case):
        raise Http404
    return case


def case_role(*, user: User, case: Case) -> str | None:
    seat = CaseMember.objects.filter(case=case, user_id=user_id(user)).first()
    if seat is not None:
        return seat.role
    if Membership.objects.filter(user_id=user_id(user), organisation=case.organisation, role=Role.ADMIN).exists():
        return Role.ADMIN
    return None


def can_edit(*, user: User, case: Case) -> bool:
    return case_role(user=user, case=case) in EDITING_ROLES


def can_manage_team(*, user: User, case: Case) -> bool:
    """Attorneys on the case and the organisation's admins choose who works on it."""
    return case_role(user=user, case=case) in MANAGING_ROLES


def need_to_know(*, user: User, case: Case) -> bool:
    """True for team members who see only what is shared with them."""
    return case_role(user=user, case=case) in NEED_TO_KNOW_ROLES


def can_download_originals(*, user: User, case: Case) -> bool:
    """Viewers read, but download originals only when granted; everyone else on the case may."""
    seat = CaseMember.objects.filter(case=case, user_id=user_id(user)).first()
    if seat is not None and seat.role == Role.VIEWER:
        return seat.may_download
    return case_role(user=user, case=case) is not None


def shared_documents_for_user(*, user: User, case: Case) -> QuerySet[Document]:
    """The case's documents the user may see: all of them, or only those shared, for need-to-know roles."""
    from article3.evidence.models import Document

    documents = Document.objects.filter(case=case)
    if need_to_know(user=user, case=case):
        documents = documents.filter(shares__seat__case=case, shares__seat__user_id=user_id(user))
    return documents


def shared_events_for_user(*, user: User, case: Case) -> QuerySet[Event]:
    from article3.chronology.models import Event

    events = Event.objects.filter(case=case)
    if need_to_know(user=user, case=case):
        events = events.filter(shares__seat__case=case, shares__seat__user_id=user_id(user))
    return events


def team_for_case(*, case: Case) -> QuerySet[CaseMember]:
    """The team of a case the caller obtained through `case_get_for_user`, members still in its organisation."""
    in_org = Membership.objects.filter(organisation_id=case.organisation_id).values("user_id")
    return (CaseMember.objects.filter(case=case, user_id__in=in_org, user__is_active=True)
            .select_related("user").prefetch_related("shares__document", "shares__event").order_by("user__email"))
