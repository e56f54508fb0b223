from typing import Any

from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "article3.accounts"
    label = "accounts"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from article3.accounts import translations

        user_logged_in.connect(_language_from_account, dispatch_uid="article3-language")
        translations.connect()  # every correction made in the browser goes to the audit log


def _language_from_account(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    """A person's saved language applies from the moment they sign in, on any device."""
    from article3.accounts.middleware import LANGUAGE_SESSION_KEY
    from article3.accounts.models import LanguagePreference

    chosen = LanguagePreference.objects.filter(user=user).values_list("language", flat=True).first()
    if chosen and request is not None:
        request.session[LANGUAGE_SESSION_KEY] = chosen
