from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_save


class ApiConfig(AppConfig):
    name = "article3.api"
    label = "api"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from article3.audit.models import AuditEntry

        post_save.connect(_announce, sender=AuditEntry, dispatch_uid="article3.api.webhooks")


def _announce(sender: Any, instance: Any, created: bool, raw: bool = False, **_: Any) -> None:
    """Each new audit entry may be news for a webhook (the entry is saved in the change's transaction).
    Entries loaded as they are (`raw`: a restore) are history, not news."""
    if created and not raw:
        from article3.api.webhooks import announce

        announce(instance)
