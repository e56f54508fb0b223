from django.db import models
from django.utils.translation import gettext_lazy as _

from article3.cases.models import Case
from article3.words import shown


class ExportKind(models.TextChoices):
    GAP_REPORT = "gap_report", _("Gap report (PDF)")
    CASE_PACKAGE = "case_package", _("Case package")
    CHRONOLOGY_PDF = "chronology_pdf", _("Chronology (PDF)")
    CHRONOLOGY_DOCX = "chronology_docx", _("Chronology (Word)")


class ExportStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting its turn")
    RUNNING = "running", _("Being made")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Could not be made")


class CaseExport(models.Model):
    """A file made from a case on the task worker (the gap report as a PDF, a case package): its page
    follows the work, then offers the file. The file waits in the vault under `sha256`."""

    VAULT_FIELDS = ("sha256",)

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="exports")
    kind = models.CharField(max_length=20, choices=ExportKind.choices)
    options = models.JSONField(default=dict, blank=True)  # the form's choices (e.g. {"redact": true}), never text
    status = models.CharField(max_length=10, choices=ExportStatus.choices, default=ExportStatus.QUEUED)
    # The step the worker is at, in English (for the API) and as words for the page (article3.words).
    progress = models.CharField(max_length=200, blank=True)
    progress_words = models.JSONField(default=dict, blank=True)
    error_message = models.TextField(blank=True)
    requested_by = models.CharField(max_length=100)  # the actor's label, as in the audit log
    requested_by_user_id = models.IntegerField(null=True, blank=True)
    requested_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    filename = models.CharField(max_length=255, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    bytes = models.BigIntegerField(default=0)

    class Meta:
        ordering = ["-pk"]

    def __str__(self) -> str:
        return f"export {self.pk} of case {self.case_id}"

    @property
    def progress_text(self) -> str:
        """The step in the reader's language (a row from before words were kept: its msgid, translated)."""
        return shown(self.progress_words, self.progress)

    @property
    def finished(self) -> bool:
        return self.status in (ExportStatus.DONE, ExportStatus.FAILED)
