from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

from article3.accounts.models import Membership, Organisation, Role

UserLike = AbstractBaseUser | AnonymousUser


def user_id(user: UserLike) -> int:
    """The user's id; -1 (which matches nothing) for anonymous or deactivated users."""
    return int(user.pk) if user.is_authenticated and user.is_active and user.pk is not None else -1


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


def requires_second_factor(*, user: UserLike) -> bool:
    return Membership.objects.filter(user_id=user_id(user), organisation__require_second_factor=True).exists()
