"""Bearer tokens for scripts and other systems; the browser's session (with CSRF) for the docs page."""

from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, SessionAuthentication
from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.request import Request

from article3.api import services
from article3.api.models import ApiToken, Scope


class BearerTokenAuthentication(BaseAuthentication):
    """`Authorization: Bearer a3p_…`. Tokens are read from this header only, never from the URL."""

    keyword = "Bearer"

    def authenticate(self, request: Request) -> tuple[AbstractBaseUser, ApiToken] | None:
        header = request.META.get("HTTP_AUTHORIZATION", "")
        if not header:
            return None
        parts = header.split()
        if len(parts) != 2 or parts[0].lower() != "bearer":
            raise exceptions.AuthenticationFailed("Send the token as: Authorization: Bearer TOKEN.")
        try:
            token = services.token_check(secret=parts[1])
            services.token_use(token=token, method=request.method or "")
        except services.RateLimited as exc:
            raise exceptions.Throttled(wait=exc.wait_seconds, detail=str(exc)) from exc
        except services.TokenRejected as exc:
            raise exceptions.AuthenticationFailed(str(exc)) from exc
        return token.user, token

    def authenticate_header(self, request: Request) -> str:
        return self.keyword


class SessionWithCsrf(SessionAuthentication):
    """The signed-in browser: DRF's session authentication, which checks the CSRF token on writes."""


def token_of(request: Request) -> ApiToken | None:
    return request.auth if isinstance(request.auth, ApiToken) else None


class TokenScope(BasePermission):
    """A read token reads; a write token also changes; only an admin token reaches `admin_only` views.

    The scope narrows what the person may do; it never widens it (the services and selectors decide that).
    """

    message = "This token's scope does not allow this request."

    def has_permission(self, request: Request, view: Any) -> bool:
        token = token_of(request)
        if token is None:
            return True
        if getattr(view, "admin_only", False) and token.scope != Scope.ADMIN:
            return False
        return request.method in SAFE_METHODS or token.scope in (Scope.WRITE, Scope.ADMIN)
