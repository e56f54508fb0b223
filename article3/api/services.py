"""Personal access tokens: made, checked, counted and revoked here, audited every time."""

import datetime
import hashlib
import re
import secrets

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from article3.accounts.models import Membership, Organisation
from article3.api.models import ApiToken, Scope
from article3.audit.services import Actor, audit_record
from article3.errors import DomainError

TOKEN_PREFIX = "a3p_"  # noqa: S105  # nosec B105  # how every token starts, so that secret scanners know one
MAX_DAYS = 366


class TokenRejected(DomainError):
    """The token is unknown, revoked, expired, or its person no longer works in the organisation."""


class RateLimited(DomainError):
    def __init__(self, wait_seconds: int) -> None:
        super().__init__(f"Too many requests with this token: wait {wait_seconds} seconds.")
        self.wait_seconds = wait_seconds


def digest_of(secret: str) -> str:
    # The secret has 256 bits of randomness, so a plain SHA-256 cannot be guessed back (unlike a password).
    return hashlib.sha256(secret.encode()).hexdigest()


def parse_expiry(text: str) -> int | None:
    """Days from "90d" or "90"; None for "never". A clear message for anything else."""
    text = text.strip().lower()
    if text == "never":
        return None
    found = re.fullmatch(r"([0-9]{1,4})d?", text)
    if found is None or not 1 <= int(found.group(1)) <= MAX_DAYS:
        raise DomainError(_("Give the expiry as a number of days from 1 to %(max)d, like 90d, or 'never'.")
                          % {"max": MAX_DAYS})
    return int(found.group(1))


@transaction.atomic
def token_create(*, actor: Actor, user: AbstractBaseUser, organisation: Organisation, name: str, scope: str,
                 days: int | None = 90) -> tuple[ApiToken, str]:
    """Make a token for `user` in `organisation`; returns it with its secret, which is never stored."""
    if scope not in Scope.values:
        raise DomainError(_("Unknown scope '%(scope)s'; choose read, write or admin.") % {"scope": scope})
    if days is not None and not 1 <= days <= MAX_DAYS:
        raise DomainError(_("A token lasts from 1 to %(max)d days.") % {"max": MAX_DAYS})
    if not Membership.objects.filter(user_id=user.pk, organisation=organisation, user__is_active=True).exists():
        raise DomainError(_("This person is not an active member of the organisation."))
    name = " ".join(name.split())[:100] or "API token"
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    expires = timezone.now() + datetime.timedelta(days=days) if days is not None else None
    token = ApiToken.objects.create(user_id=user.pk, organisation=organisation, name=name, scope=scope,
                                    digest=digest_of(secret), prefix=secret[:10], expires_at=expires)
    audit_record(actor=actor, action="api.token.created", obj=token, organisation_id=organisation.pk,
                 detail={"user": user.pk, "scope": scope, "days": days})
    return token, secret


@transaction.atomic
def token_revoke(*, actor: Actor, token: ApiToken) -> None:
    if token.revoked_at is None:
        ApiToken.objects.filter(pk=token.pk).update(revoked_at=timezone.now())
    audit_record(actor=actor, action="api.token.revoked", obj=token, organisation_id=token.organisation_id)


def tokens_for_user(*, user: AbstractBaseUser) -> list[ApiToken]:
    return list(ApiToken.objects.filter(user_id=user.pk, revoked_at__isnull=True).order_by("-created_at"))


def token_check(*, secret: str) -> ApiToken:
    """The live token for this secret, or TokenRejected (one message for every reason)."""
    token = (ApiToken.objects.filter(digest=digest_of(secret), revoked_at__isnull=True)
             .select_related("user", "organisation").first())
    now = timezone.now()
    if (token is None or (token.expires_at is not None and token.expires_at <= now) or not token.user.is_active
            or not Membership.objects.filter(user_id=token.user_id, organisation_id=token.organisation_id).exists()):
        raise TokenRejected("This token is not valid: it is unknown, revoked or expired.")
    return token


@transaction.atomic
def token_use(*, token: ApiToken, method: str) -> None:
    """Count the request against the token's rate (per minute, shared by every process), note when it
    was last used, and audit the use."""
    now = timezone.now()
    window = now.replace(second=0, microsecond=0)
    limit = settings.API_REQUESTS_PER_MINUTE
    counted = (ApiToken.objects.filter(pk=token.pk, window_start=window, window_count__lt=limit)
               .update(window_count=F("window_count") + 1, last_used_at=now))
    if not counted:
        counted = (ApiToken.objects.filter(pk=token.pk).exclude(window_start=window)
                   .update(window_start=window, window_count=1, last_used_at=now))
    if not counted:
        raise RateLimited(wait_seconds=60 - now.second)
    audit_record(actor=token.user, action="api.token.used", obj=token, organisation_id=token.organisation_id,
                 detail={"method": method, "scope": token.scope})
