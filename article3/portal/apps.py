from typing import Any

from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "article3.portal"
    label = "portal"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        user_logged_in.connect(_mark_client_session, dispatch_uid="article3-client-session")


def _mark_client_session(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    """A client's session is marked at sign-in, so that the confinement costs no query per request."""
    from article3.portal.middleware import CLIENT_SESSION_KEY
    from article3.portal.models import ClientAccess

    if request is not None and ClientAccess.objects.filter(user_id=user.pk).exists():
        request.session[CLIENT_SESSION_KEY] = True
