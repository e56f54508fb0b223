"""Reads, scoped to what the user may see. Every view, API and CLI read of a case goes through here."""

import uuid

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Q, QuerySet
from django.http import Http404

from article3.accounts.models import EDITING_ROLES, Membership, Role
from article3.accounts.selectors import user_id
from article3.cases.models import Case, CaseMember

User = AbstractBaseUser | AnonymousUser


def case_list_for_user(*, user: User) -> QuerySet[Case]:
    """Cases on the user's teams, plus every case of organisations where they are admin."""
    uid = user_id(user)
    if uid < 0:
        return Case.objects.none()
    admin_orgs = Membership.objects.filter(user_id=uid, role=Role.ADMIN).values("organisation_id")
    on_team = CaseMember.objects.filter(user_id=uid).values("case_id")
    # A team seat counts only while the user still belongs to the case's organisation.
    member_orgs = Membership.objects.filter(user_id=uid).values("organisation_id")
    return Case.objects.filter(
        Q(organisation_id__in=admin_orgs) | (Q(pk__in=on_team) & Q(organisation_id__in=member_orgs))
    )


def case_get_for_user(*, user: User, public_id: uuid.UUID | str) -> Case:
    """The case, or 404 when it does not exist or the user is not on it: both look the same."""
    try:
        return case_list_for_user(user=user).select_related("organisation").get(public_id=public_id)
    except (Case.DoesNotExist, ValueError) as exc:
        raise Http404 from exc


def case_role(*, user: User, case: Case) -> str | None:
    seat = CaseMember.objects.filter(case=case, user_id=user_id(user)).first()
    if seat is not None:
        return seat.role
    if Membership.objects.filter(user_id=user_id(user), organisation=case.organisation, role=Role.ADMIN).exists():
        return Role.ADMIN
    return None


def can_edit(*, user: User, case: Case) -> bool:
    return case_role(user=user, case=case) in EDITING_ROLES
