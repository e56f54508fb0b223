"""Organisations, users, memberships and the login throttle."""

import datetime
import hashlib

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractUser, User
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from article3.accounts.models import LoginFailure, Membership, Organisation, Role
from article3.audit.services import Actor, audit_record
from article3.errors import DomainError


def _known_role(role: str) -> None:
    if role not in Role.values:
        raise DomainError(_("Unknown role '%(role)s'; choose one of %(roles)s.") % {
            "role": role, "roles": ", ".join(Role.values)})


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
    _known_role(role)
    user_model = get_user_model()
    email = email.strip().lower()
    if user_model.objects.filter(username=email).exists():
        raise DomainError(_("A user with this email already exists."))
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


# --- People in an organisation: passwords, second factors, sessions, roles --------------------------

RECOVERY_CODES = 10


def _organisation_id(user: User) -> int | None:
    """The organisation a personal account event is filed under, for its admins' audit log."""
    return Membership.objects.filter(user=user).order_by("pk").values_list("organisation_id", flat=True).first()


def _validated(password: str, user: User) -> str:
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise DomainError(" ".join(exc.messages)) from exc
    return password


@transaction.atomic
def user_password_set(*, actor: Actor, user: User, password: str, keep_session: str | None = None) -> None:
    """Set a new password (checked like any other) and end the user's other sessions."""
    user.set_password(_validated(password, user))
    user.save(update_fields=["password"])
    user_sessions_end(actor=actor, user=user, keep_session=keep_session)
    audit_record(actor=actor, action="accounts.password.changed", obj=user, organisation_id=_organisation_id(user))


@transaction.atomic
def user_sessions_end(*, actor: Actor, user: User, keep_session: str | None = None) -> int:
    """Sign the user out everywhere (but the session `keep_session`, the one asking). Returns how many ended."""
    from django.contrib.sessions.models import Session

    ended = 0
    for session in Session.objects.filter(expire_date__gt=timezone.now()).exclude(session_key=keep_session or ""):
        if str(session.get_decoded().get("_auth_user_id")) == str(user.pk):
            session.delete()
            ended += 1
    audit_record(actor=actor, action="accounts.sessions.ended", obj=user, detail={"count": ended},
                 organisation_id=_organisation_id(user))
    return ended


@transaction.atomic
def recovery_codes_create(*, actor: Actor, user: User) -> list[str]:
    """Ten new single-use recovery codes; any earlier ones stop working. Shown once, never logged."""
    from django_otp.plugins.otp_static.models import StaticDevice, StaticToken

    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name="recovery codes", confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    audit_record(actor=actor, action="accounts.recovery_codes.created", obj=user,
                 organisation_id=_organisation_id(user))
    return codes


def recovery_codes_left(*, user: User) -> int:
    from django_otp.plugins.otp_static.models import StaticToken

    return int(StaticToken.objects.filter(device__user=user, device__confirmed=True).count())


@transaction.atomic
def second_factor_reset(*, actor: Actor, organisation: Organisation, user: User) -> None:
    """Remove a lost second factor: the user enrols again at their next sign-in, and is signed out now."""
    from django_otp.plugins.otp_static.models import StaticDevice
    from django_otp.plugins.otp_totp.models import TOTPDevice

    membership = _member(organisation, user)
    membership.second_factor_required = True
    membership.save(update_fields=["second_factor_required"])
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    user_sessions_end(actor=actor, user=user)
    audit_record(actor=actor, action="accounts.second_factor.reset", obj=user, organisation_id=organisation.pk)


def _member(organisation: Organisation, user: User) -> Membership:
    membership = Membership.objects.filter(organisation=organisation, user=user).first()
    if membership is None:
        raise DomainError(_("This person is not a member of the organisation."))
    return membership


def _last_admin(organisation: Organisation, user: User) -> bool:
    admins = Membership.objects.filter(organisation=organisation, role=Role.ADMIN, user__is_active=True)
    return not admins.exclude(user=user).exists()


@transaction.atomic
def membership_role_set(*, actor: Actor, organisation: Organisation, user: User, role: str) -> Membership:
    _known_role(role)
    membership = _member(organisation, user)
    if membership.role == Role.ADMIN and role != Role.ADMIN and _last_admin(organisation, user):
        raise DomainError(_("The organisation keeps at least one admin: make someone else admin first."))
    membership.role = role
    membership.save(update_fields=["role"])
    audit_record(actor=actor, action="accounts.membership.role_changed", obj=user,
                 organisation_id=organisation.pk, detail={"role": role})
    return membership


@transaction.atomic
def user_active_set(*, actor: Actor, organisation: Organisation, user: User, active: bool) -> None:
    """Deactivate (their sessions end at once) or reactivate a member of the organisation."""
    membership = _member(organisation, user)
    if not active and membership.role == Role.ADMIN and _last_admin(organisation, user):
        raise DomainError(_("The organisation keeps at least one active admin."))
    user.is_active = active
    user.save(update_fields=["is_active"])
    if not active:
        user_sessions_end(actor=actor, user=user)
    audit_record(actor=actor, action="accounts.user.reactivated" if active else "accounts.user.deactivated",
                 obj=user, organisation_id=organisation.pk)


@transaction.atomic
def organisation_second_factor_set(*, actor: Actor, organisation: Organisation, required: bool) -> None:
    organisation.require_second_factor = required
    organisation.save(update_fields=["require_second_factor"])
    audit_record(actor=actor, action="accounts.organisation.second_factor_required" if required
                 else "accounts.organisation.second_factor_optional", obj=organisation, organisation_id=organisation.pk)


def set_password_link(*, user: User) -> str:
    """A link to choose a password. It works once: setting the password (or signing in) ends it."""
    from django.contrib.auth.tokens import default_token_generator
    from django.urls import reverse
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    path = reverse("set_password", kwargs={"uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
                                           "token": default_token_generator.make_token(user)})
    return f"{settings.SITE_URL.rstrip('/')}{path}"


# Backends that only print or drop mail: a link sent through them would land in the server's log.
_NO_MAIL = {"django.core.mail.backends.console.EmailBackend", "django.core.mail.backends.dummy.EmailBackend"}


def mail_configured() -> bool:
    return settings.EMAIL_BACKEND not in _NO_MAIL


@transaction.atomic
def user_invite(*, actor: Actor, organisation: Organisation, email: str, role: str) -> tuple[User, str]:
    """Create the account without a password and e-mail a one-time link to set one (when e-mail is set up;
    never into the server's log); returns the link too, for the admin to hand over."""
    from django.core.mail import send_mail

    user: User = user_create(actor=actor, organisation=organisation, email=email, role=role,  # type: ignore[assignment]
                             password=None)
    link = set_password_link(user=user)
    days = settings.PASSWORD_RESET_TIMEOUT // 86400
    body = ngettext("You have been invited to Article3 by %(organisation)s.\n\nChoose your password here "
                    "(the link works once, for %(days)d day):\n%(link)s\n",
                    "You have been invited to Article3 by %(organisation)s.\n\nChoose your password here "
                    "(the link works once, for %(days)d days):\n%(link)s\n",
                    days) % {"organisation": organisation.name, "days": days, "link": link}
    subject = _("Your Article3 account")
    if mail_configured():
        transaction.on_commit(lambda: send_mail(subject, body, None, [user.email],
                                                fail_silently=True))
    audit_record(actor=actor, action="accounts.user.invited", obj=user, organisation_id=organisation.pk)
    return user, link


@transaction.atomic
def password_link_issue(*, actor: Actor, organisation: Organisation, user: User) -> str:
    """A new one-time set-password link for a member (a lost invitation or a forgotten password)."""
    _member(organisation, user)
    audit_record(actor=actor, action="accounts.password_link.issued", obj=user, organisation_id=organisation.pk)
    return set_password_link(user=user)


@transaction.atomic
def operator_set(*, actor: Actor, user: User, operator: bool) -> None:
    """Make a person the instance operator (or no longer): the one who reviews the catalogues that
    every organisation on this installation shares. Only the server's command line does this."""
    user.is_superuser = operator
    user.save(update_fields=["is_superuser"])
    audit_record(actor=actor, action="accounts.operator.granted" if operator else "accounts.operator.revoked",
                 obj=user)


def languages_for(*, user: object) -> list[tuple[str, str]]:
    """The languages a person may choose: all eight for clients and visitors, the lawyer's
    interface languages for an organisation's members."""
    from article3.accounts.selectors import organisation_for_user

    member = getattr(user, "is_authenticated", False) and organisation_for_user(user=user) is not None  # type: ignore[arg-type]
    return [(code, name) for code, name in settings.LANGUAGES if not member or code in settings.LAWYER_LANGUAGES]


def language_set(*, user: User, language: str) -> None:
    """Keep a person's choice of language on their account, for every device they sign in on."""
    from article3.accounts.models import LanguagePreference

    if language not in dict(languages_for(user=user)):
        raise DomainError(_("That language is not offered here."))
    LanguagePreference.objects.update_or_create(user=user, defaults={"language": language})
