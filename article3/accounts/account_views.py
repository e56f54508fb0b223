"""My account: password, second factor, recovery codes, sessions; and the one-time set-password link."""

import time

from django.contrib import messages
from django.contrib.auth import get_user_model, login, update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm, SetPasswordForm
from django.contrib.auth.models import User
from django.contrib.auth.tokens import default_token_generator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.encoding import force_str
from django.utils.http import urlsafe_base64_decode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST
from django_otp import user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice

from article3.accounts import services
from article3.accounts.selectors import is_org_admin, organisation_for_user
from article3.audit.services import audit_record
from article3.errors import DomainError


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


@login_required
def account(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    organisation = organisation_for_user(user=user)
    return render(request, "accounts/account.html", {
        "totp": TOTPDevice.objects.filter(user=user, confirmed=True).exists(),
        "codes_left": services.recovery_codes_left(user=user), "organisation": organisation,
        "is_admin": organisation is not None and is_org_admin(user=user, organisation_id=organisation.pk)})


@login_required
def password_change(request: HttpRequest) -> HttpResponse:
    form = PasswordChangeForm(_user(request), request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.user_password_set(actor=request.user, user=_user(request),
                                       password=form.cleaned_data["new_password1"],
                                       keep_session=request.session.session_key)
        except DomainError as exc:
            form.add_error("new_password1", str(exc))
        else:
            update_session_auth_hash(request, _user(request))  # this session stays signed in
            messages.success(request, _("Your password was changed. Your other sessions were signed out."))
            return redirect("account")
    return render(request, "accounts/password.html", {"form": form})


@login_required
def recovery_codes(request: HttpRequest) -> HttpResponse:
    """Shows how many codes are left; a POST makes ten new ones and shows them this once."""
    user = _user(request)
    has_app = TOTPDevice.objects.filter(user=user, confirmed=True).exists()
    codes = services.recovery_codes_create(actor=user, user=user) if request.method == "POST" and has_app else []
    return render(request, "accounts/recovery_codes.html", {
        "codes": codes, "left": services.recovery_codes_left(user=user), "has_app": has_app})


@require_POST
@login_required
def sessions_end(request: HttpRequest) -> HttpResponse:
    ended = services.user_sessions_end(actor=request.user, user=_user(request),
                                       keep_session=request.session.session_key)
    messages.success(request, ngettext("Signed out of %(count)d other session.",
                                       "Signed out of %(count)d other sessions.", ended) % {"count": ended})
    return redirect("account")


def set_password(request: HttpRequest, uidb64: str, token: str) -> HttpResponse:
    """The one-time link from an invitation or a reset: choose a password, then you are signed in."""
    try:
        user = get_user_model().objects.get(pk=int(force_str(urlsafe_base64_decode(uidb64))), is_active=True)
    except (ValueError, TypeError, OverflowError, get_user_model().DoesNotExist) as exc:
        raise Http404 from exc
    if not default_token_generator.check_token(user, token):
        return render(request, "accounts/set_password.html", {"expired": True}, status=410)
    form = SetPasswordForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.user_password_set(actor=user, user=user, password=form.cleaned_data["new_password1"])
        except DomainError as exc:
            form.add_error("new_password1", str(exc))
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            request.session["started_at"] = time.time()
            audit_record(actor=user, action="accounts.login.succeeded", obj=user)
            return redirect("two_factor" if user_has_device(user) else "dashboard")
    return render(request, "accounts/set_password.html", {"form": form})


@require_POST
def language_choose(request: HttpRequest) -> HttpResponse:
    """The language switcher: kept on the account of a signed-in person, in a cookie for anyone."""
    from django.conf import settings
    from django.utils.http import url_has_allowed_host_and_scheme

    from article3.accounts.middleware import LANGUAGE_SESSION_KEY

    language = request.POST.get("language", "")
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "/"
    try:
        if request.user.is_authenticated:
            services.language_set(user=_user(request), language=language)
            request.session[LANGUAGE_SESSION_KEY] = language
        elif language not in dict(settings.LANGUAGES):
            raise DomainError(_("That language is not offered here."))
    except DomainError as exc:
        messages.error(request, str(exc))
        return redirect(target)
    response = redirect(target)
    response.set_cookie(settings.LANGUAGE_COOKIE_NAME, language, max_age=365 * 86400, samesite="Lax",
                        secure=settings.LANGUAGE_COOKIE_SECURE, httponly=True)
    return response
