from django.conf import settings
from django.db import models

from article3.accounts.models import Organisation
from article3.fieldcrypt import EncryptedCharField


class Scope(models.TextChoices):
    READ = "read", "Read only"
    WRITE = "write", "Read and change"
    ADMIN = "admin", "Read, change and administer"


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
