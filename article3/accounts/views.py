import base64
import time
from io import BytesIO

import qrcode
import qrcode.image.svg
from django.contrib.auth import authenticate, login, logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from article3.accounts.addresses import client_address
from article3.accounts.forms import LoginForm, TokenForm
from article3.accounts.services import login_failure_record, login_throttled
from article3.audit.services import audit_record


def login_view(request: HttpRequest) -> HttpResponse:
    form = LoginForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        email, address = form.cleaned_data["email"], client_address(request)
        if login_throttled(account=email, address=address):
            login_failure_record(account=email, address=address, throttled=True)
            form.add_error(None, _("Too many failed attempts. Wait a minute and try again."))
            return render(request, "accounts/login.html", {"form": form}, status=429)
        user = authenticate(request, username=email.strip().lower(), password=form.cleaned_data["password"])
        if user is None:
            login_failure_record(account=email, address=address, throttled=False)
            form.add_error(None, _("That email and password do not match an account."))
        else:
            login(request, user)  # a new session key: nothing from before the login carries over
            request.session["started_at"] = time.time()
            audit_record(actor=user, action="accounts.login.succeeded", obj=user)
            return redirect(request.GET["next"] if _safe_next(request) else "dashboard")
    return render(request, "accounts/login.html", {"form": form})


def _safe_next(request: HttpRequest) -> bool:
    from django.utils.http import url_has_allowed_host_and_scheme

    target = request.GET.get("next", "")
    return bool(target) and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()})


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        audit_record(actor=request.user, action="accounts.logout", obj=request.user)
    logout(request)  # flushes the session server-side: the old cookie is dead
    return redirect("login")


def two_factor(request: HttpRequest) -> HttpResponse:
    """Give the second factor, or set it up the first time."""
    if not request.user.is_authenticated:
        return redirect("login")
    device = TOTPDevice.objects.filter(user=request.user).order_by("-confirmed").first()
    if device is None:
        device = TOTPDevice.objects.create(user=request.user, name="authenticator", confirmed=False)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"]):
            enrolled = not device.confirmed
            if enrolled:
                device.confirmed = True
                device.save(update_fields=["confirmed"])
                audit_record(actor=request.user, action="accounts.second_factor.enrolled", obj=device)
            otp_login(request, device)
            return redirect("account_recovery_codes" if enrolled else "dashboard")
        recovery = _recovery_device(request, form.cleaned_data["token"]) if device.confirmed else None
        if recovery is not None:
            audit_record(actor=request.user, action="accounts.recovery_code.used", obj=request.user)
            otp_login(request, recovery)
            return redirect("dashboard")
        audit_record(actor=request.user, action="accounts.second_factor.failed", obj=device)
        form.add_error("token", _("That code is not right, or it has expired."))
    context = {"form": form, "enrolling": not device.confirmed}
    if not device.confirmed:
        context["qr_svg"] = _qr_svg(device.config_url)
        context["secret"] = base64.b32encode(device.bin_key).decode()
    return render(request, "accounts/two_factor.html", context)


def _recovery_device(request: HttpRequest, token: str) -> StaticDevice | None:
    """The recovery-code device, when `token` is one of its unused codes (which it then spends)."""
    for device in StaticDevice.objects.filter(user=request.user, confirmed=True):
        if device.verify_token(token.strip().lower()):
            return device
    return None


def _qr_svg(data: str) -> str:
    image = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathImage)
    out = BytesIO()
    image.save(out)
    return out.getvalue().decode()
