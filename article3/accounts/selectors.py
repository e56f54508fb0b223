from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Q

from article3.accounts.models import Membership, Organisation, Role

UserLike = AbstractBaseUser | AnonymousUser


def user_id(user: UserLike) -> int:
    """The user's id; -1 (which matches nothing) for anonymous or deactivated users."""
    return int(user.pk) if user.is_authenticated and user.is_active and user.pk is not None else -1


def language_of(*, user_id: int) -> str:
    """The language a person chose (kept on their account), for what reaches them outside a page:
    e-mails sent by the worker or on someone else's request."""
    from django.conf import settings

    from article3.accounts.models import LanguagePreference

    chosen = LanguagePreference.objects.filter(user_id=user_id).values_list("language", flat=True).first()
    return chosen or settings.LANGUAGE_CODE


def organisation_for_user(*, user: UserLike) -> Organisation | None:
    """The organisation a user works in (the first they joined)."""
    membership = (
        Membership.objects.filter(user_id=user_id(user)).select_related("organisation").order_by("pk").first()
    )
    return membership.organisation if membership else None


def is_org_admin(*, user: UserLike, organisation_id: int) -> bool:
    return Membership.objects.filter(
        user_id=user_id(user), organisation_id=organisation_id, role=Role.ADMIN
    ).exists()


def actor_has_org_role(*, actor: object, organisation_id: int, roles: frozenset[str]) -> bool:
    """Whether the acting person holds one of `roles` in the organisation.

    A signed-in person needs the membership; a text actor is a local operator on the server (the
    CLI as an OS user, the worker, tests), who already holds the data folder and its key.
    """
    if actor is None or isinstance(actor, str):
        return True
    if not isinstance(actor, AbstractBaseUser | AnonymousUser):
        return False
    return Membership.objects.filter(
        user_id=user_id(actor), organisation_id=organisation_id, role__in=roles
    ).exists()


def requires_second_factor(*, user: UserLike) -> bool:
    """True when the organisation requires a second factor, or an admin reset this person's lost one."""
    return Membership.objects.filter(
        Q(organisation__require_second_factor=True) | Q(second_factor_required=True), user_id=user_id(user)
    ).exists()
