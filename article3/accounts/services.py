"""Organisations, users, memberships and the login throttle."""

import datetime
import hashlib

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractUser
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from article3.accounts.models import LoginFailure, Membership, Organisation, Role
from article3.audit.services import Actor, audit_record
from article3.errors import DomainError


@transaction.atomic
def organisation_create(*, actor: Actor, slug: str, name: str = "") -> Organisation:
    if Organisation.objects.filter(slug=slug).exists():
        raise DomainError(f"An organisation with slug '{slug}' already exists.")
    org = Organisation.objects.create(slug=slug, name=name or slug)
    audit_record(actor=actor, action="accounts.organisation.created", obj=org, organisation_id=org.pk)
    return org


@transaction.atomic
def user_create(
    *, actor: Actor, organisation: Organisation, email: str, role: str, password: str | None
) -> AbstractUser:
    if role not in Role.values:
        raise DomainError(f"Unknown role '{role}'; choose one of {', '.join(Role.values)}.")
    user_model = get_user_model()
    email = email.strip().lower()
    if user_model.objects.filter(username=email).exists():
        raise DomainError("A user with this email already exists.")
    user = user_model(username=email, email=email)
    if password is None:
        user.set_unusable_password()
    else:
        try:
            validate_password(password, user)
        except ValidationError as exc:
            raise DomainError(" ".join(exc.messages)) from exc
        user.set_password(password)
    user.save()
    Membership.objects.create(organisation=organisation, user=user, role=role)
    audit_record(actor=actor, action="accounts.user.created", obj=user,
                 organisation_id=organisation.pk, detail={"role": role})
    return user


def _digest(value: str) -> str:
    return hashlib.sha256(f"{settings.SECRET_KEY}|{value.strip().lower()}".encode()).hexdigest()


def login_throttled(*, account: str, address: str) -> bool:
    """True when the account or the address failed more than the limit in the last minute."""
    since = timezone.now() - datetime.timedelta(minutes=1)
    recent = LoginFailure.objects.filter(at__gte=since)
    limit = settings.LOGIN_FAILURES_PER_MINUTE
    return (
        recent.filter(account_digest=_digest(account)).count() >= limit
        or recent.filter(address_digest=_digest(address)).count() >= limit
    )


@transaction.atomic
def login_failure_record(*, account: str, address: str, throttled: bool) -> None:
    """Record a failed login: digests only, so neither the typed name nor the password is kept."""
    LoginFailure.objects.create(account_digest=_digest(account), address_digest=_digest(address))
    audit_record(
        actor="anonymous",
        action="accounts.login.throttled" if throttled else "accounts.login.failed",
        object_key=_digest(account)[:16],
    )
