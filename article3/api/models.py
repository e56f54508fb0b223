from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from article3.accounts.models import Organisation
from article3.fieldcrypt import EncryptedCharField


class Scope(models.TextChoices):
    READ = "read", _("Read only")
    WRITE = "write", _("Read and change")
    ADMIN = "admin", _("Read, change and administer")


class ApiToken(models.Model):
    """A personal access token for the API. Only a digest of the secret is kept: it is shown once.

    A token acts as its person, never beyond their role, and narrows it further by its scope.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="api_tokens")
    name = EncryptedCharField(max_length=100)  # the person's own label ("LegalServer sync"), typed freely
    digest = models.CharField(max_length=64, unique=True)  # SHA-256 of the secret
    prefix = models.CharField(max_length=12)  # the first characters, to tell tokens apart on the page
    scope = models.CharField(max_length=10, choices=Scope.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    # Requests counted in the current minute, for the per-token rate limit (kept here so that every
    # web process shares it).
    window_start = models.DateTimeField(null=True, blank=True)
    window_count = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"token {self.prefix}…"


class WebhookEvent(models.TextChoices):
    DEADLINE_CREATED = "deadline.created", _("A deadline is added")
    DEADLINE_CHANGED = "deadline.changed", _("A deadline changes, is done, reopened or deleted")
    DOCUMENT_READY = "document.ready", _("A document is read and ready")
    BUNDLE_BUILT = "bundle.built", _("A bundle is built")
    COI_ALERT = "coi.alert", _("New country information may bear on a case")
    PING = "ping", _("A test message sent from this page")


class WebhookEndpoint(models.Model):
    """An address of another system (a case management system) told when something happens in the
    organisation's cases. Each message is signed with the endpoint's secret and carries ids and
    links only, never case text."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="webhooks")
    url = models.URLField(max_length=500)
    secret = EncryptedCharField(max_length=100)  # kept (encrypted) to sign each message
    events = models.JSONField(default=list)  # WebhookEvent values
    created_by = models.CharField(max_length=100)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"webhook {self.pk}"

    def event_labels(self) -> list[str]:
        return [str(WebhookEvent(e).label) for e in self.events if e in WebhookEvent.values]


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Waiting to be sent")
    RETRYING = "retrying", _("Failed; will be tried again")
    DELIVERED = "delivered", _("Delivered")
    FAILED = "failed", _("Gave up")


class WebhookDelivery(models.Model):
    """One message to one endpoint, with every attempt's outcome (the delivery log)."""

    endpoint = models.ForeignKey(WebhookEndpoint, on_delete=models.CASCADE, related_name="deliveries")
    event = models.CharField(max_length=30, choices=WebhookEvent.choices)
    payload = models.JSONField()  # ids and links only (see webhooks.payload_for)
    status = models.CharField(max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    response_code = models.PositiveSmallIntegerField(null=True, blank=True)
    error = models.CharField(max_length=300, blank=True)  # why the last attempt failed, in words
    created_at = models.DateTimeField(auto_now_add=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-pk"]

    def __str__(self) -> str:
        return f"delivery {self.pk}"
