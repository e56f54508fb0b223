"""Session limits, the second factor, and the headers every response carries."""

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import translation

from article3.accounts.selectors import requires_second_factor

Handler = Callable[[HttpRequest], HttpResponse]

# Paths a signed-in user may reach before the second factor: signing out, setting it up, giving it.
SECOND_FACTOR_EXEMPT = ("/accounts/logout/", "/accounts/2fa/", "/static/")


def session_timeouts(get_response: Handler) -> Handler:
    """End sessions older than the absolute limit; save a live one at most every SESSION_RENEW_SECONDS,
    which moves its expiry (the idle limit, Django's cookie age) on."""

    def middleware(request: HttpRequest) -> HttpResponse:
        now = time.time()
        started = request.session.get("started_at") if request.user.is_authenticated else None
        if started is not None and now - started > settings.SESSION_ABSOLUTE_SECONDS:
            logout(request)
            return redirect(settings.LOGIN_URL)
        every = settings.SESSION_RENEW_SECONDS  # 0: on every request
        renewed = int(now) // every if every else None
        if request.session.keys() and (renewed is None or request.session.get("renewed") != renewed):
            request.session["renewed"] = renewed  # so a live session (not a stale cookie) is saved, its expiry moved on
        return get_response(request)

    return middleware


LANGUAGE_SESSION_KEY = "language"


def language_preference(get_response: Handler) -> Handler:
    """Pages in the language a signed-in person chose (kept in their session from sign-in), over
    the browser's cookie and Accept-Language that LocaleMiddleware went by."""

    def middleware(request: HttpRequest) -> HttpResponse:
        chosen = request.session.get(LANGUAGE_SESSION_KEY) if request.user.is_authenticated else None
        if chosen:
            translation.activate(chosen)
            request.LANGUAGE_CODE = chosen
        return get_response(request)

    return middleware


def second_factor_required(get_response: Handler) -> Handler:
    def middleware(request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and not request.path.startswith(SECOND_FACTOR_EXEMPT)
            and not user.is_verified()  # type: ignore[attr-defined]
            and (requires_second_factor(user=user) or _has_device(user))
        ):
            return redirect("two_factor")
        return get_response(request)

    return middleware


def _has_device(user: object) -> bool:
    from django_otp import user_has_device

    return bool(user_has_device(user))


def security_headers(get_response: Handler) -> Handler:
    def middleware(request: HttpRequest) -> HttpResponse:
        response = get_response(request)
        response.headers.setdefault("Content-Security-Policy", settings.CONTENT_SECURITY_POLICY)
        response.headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        response.headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        if request.user.is_authenticated or request.path.startswith("/accounts/"):
            # Case data must never sit in a shared or browser cache.
            response.headers["Cache-Control"] = "no-store"
        return response

    return middleware
