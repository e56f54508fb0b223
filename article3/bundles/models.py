from django.db import models
from django.utils.translation import gettext_lazy as _

from article3.cases.models import Case
from article3.fieldcrypt import EncryptedJSONField
from article3.findings import finding_shown
from article3.words import shown


class BuildStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Building")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class BundleBuild(models.Model):
    """One build of a case's bundle, kept with its hashes and its page map."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="bundle_builds")
    profile = models.CharField(max_length=20)
    status = models.CharField(max_length=10, choices=BuildStatus.choices, default=BuildStatus.QUEUED)
    # The step the worker is at, in English (for the API and the command line) and as words for the pages.
    progress = models.CharField(max_length=200, blank=True)
    progress_words = models.JSONField(default=dict, blank=True)
    requested_by = models.CharField(max_length=80)
    requested_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    pages = models.PositiveIntegerField(default=0)
    exhibits = models.JSONField(default=list, blank=True)  # [{key, label, title, start, end}]
    page_map = models.JSONField(default=dict, blank=True)
    # Findings, as JSON, in English with their words; encrypted, as they name documents by their titles.
    warnings = EncryptedJSONField(default=list, blank=True)
    inputs = models.JSONField(default=list, blank=True)  # [[document key, derived SHA-256], ...] in order
    error_message = models.TextField(blank=True)

    class Meta:
        ordering = ["-pk"]

    def __str__(self) -> str:
        return f"build {self.pk} of case {self.case_id}"

    @property
    def progress_text(self) -> str:
        return shown(self.progress_words, self.progress)

    @property
    def error_text(self) -> str:
        """Why the build failed, in the reader's language where the reason is a msgid (else as stored)."""
        return shown(None, self.error_message)

    @property
    def warnings_shown(self) -> list[dict[str, object]]:
        """The warnings of the build, in the reader's language (those kept before their words: in English)."""
        return [finding_shown(warning) for warning in self.warnings or []]


class BundleVolume(models.Model):
    VAULT_FIELDS = ("sha256",)

    build = models.ForeignKey(BundleBuild, on_delete=models.CASCADE, related_name="volumes")
    number = models.PositiveIntegerField()
    name = models.CharField(max_length=200)
    sha256 = models.CharField(max_length=64)
    pages = models.PositiveIntegerField()
    bytes = models.BigIntegerField()
    first_page = models.PositiveIntegerField()
    last_page = models.PositiveIntegerField()

    class Meta:
        ordering = ["number"]

    def __str__(self) -> str:
        return self.name
