from django.db import models
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from article3.cases.models import Case, Versioned
from article3.fieldcrypt import EncryptedCharField, EncryptedJSONField, EncryptedTextField
from article3.words import shown, shown_all


class DocumentKind(models.TextChoices):
    DECLARATION = "declaration", _("Declaration")
    IDENTITY = "identity", _("Identity document")
    MEDICAL = "medical", _("Medical report")
    PSYCHOLOGICAL = "psychological", _("Psychological report")
    EXPERT_OPINION = "expert_opinion", _("Expert opinion")
    COUNTRY_INFORMATION = "country_information", _("Country information")
    PRIOR_ABUSE_RECORD = "prior_abuse_record", _("Record of past abuse")
    THREAT = "threat", _("Threat")
    DOMESTIC_REMEDY_RECORD = "domestic_remedy_record", _("Record of a complaint at home")
    WITNESS_STATEMENT = "witness_statement", _("Witness statement")
    DECISION = "decision", _("Decision of a court or authority")
    TRANSLATION = "translation", _("Translation")
    TRANSLATION_CERTIFICATE = "translation_certificate", _("Translation certificate")
    OTHER = "other", _("Other")


class Status(models.TextChoices):
    RECEIVED = "received", _("Received")
    PROCESSING = "processing", _("Processing")
    READY = "ready", _("Ready")
    FAILED = "failed", _("Could not be read")


# The steps of conversion as they were stored before their words were kept (`progress_words`).
PROGRESS_STEPS = {"ocr": _("reading scanned pages (OCR)"), "starting": _("starting")}
# What the chain of custody records (its `action`), as the history shows it.
CUSTODY_ACTIONS = {
    "received": _("received"), "derived": _("derived"), "repaired": _("repaired"), "failed": _("failed"),
    "metadata": _("metadata"), "requeued": _("requeued"), "replaced": _("replaced"), "withdrawn": _("withdrawn"),
    "restored": _("restored"),
}


def _flag_note(flag: str) -> str:
    kind, _, detail = str(flag).partition(":")
    if kind == "repaired":
        return gettext("The file was damaged and has been repaired: check the searchable PDF against the original.")
    if kind == "active_content":
        what = detail.replace("_", " ") or gettext("scripts")
        return gettext("The file held active content (%(what)s); the searchable PDF is made without it.") % {
            "what": what}
    if kind == "ocr":
        count = detail.split()[0] if detail else ""
        return ngettext("Text read by OCR on %(count)s page: check quotations against the page image.",
                        "Text read by OCR on %(count)s pages: check quotations against the page image.",
                        int(count) if count.isdigit() else 2) % {"count": count}
    return kind.replace("_", " ").capitalize()


class Document(Versioned):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="documents")
    key = models.CharField(max_length=80)
    kind = models.CharField(max_length=30, choices=DocumentKind.choices)
    title = EncryptedCharField(max_length=300, blank=True)
    date = models.CharField(max_length=40, blank=True)
    author = EncryptedCharField(max_length=200, blank=True)
    language = models.CharField(max_length=35, blank=True)
    received_from = EncryptedCharField(max_length=200, blank=True)
    received_how = EncryptedCharField(max_length=200, blank=True)
    # The untouched original, by the SHA-256 of its plaintext, and its derived PDF.
    original_sha256 = models.CharField(max_length=64, blank=True)
    original_name = EncryptedCharField(max_length=255, blank=True)
    original_size = models.BigIntegerField(default=0)
    original_type = models.CharField(max_length=10, blank=True)
    derived_sha256 = models.CharField(max_length=64, blank=True)
    pages = models.PositiveIntegerField(default=0)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.RECEIVED)
    # Written by the worker in English (for the record and the API), each beside its words (article3.words),
    # which the pages show in the reader's language.
    progress = models.CharField(max_length=200, blank=True)
    progress_words = models.JSONField(default=dict, blank=True)
    error_code = models.CharField(max_length=40, blank=True)
    error_message = models.TextField(blank=True)
    error_words = models.JSONField(default=dict, blank=True)
    flags = models.JSONField(default=list, blank=True)  # e.g. ["repaired", "active_content:javascript"]
    # What processing could not do, in plain sentences with no names or text (e.g. OCR failed).
    warnings = models.JSONField(default=list, blank=True)
    warning_words = models.JSONField(default=list, blank=True)
    # The process converting it outside the worker (`evidence add`), by its lock name: a document left
    # "processing" by a process that is gone was interrupted (see article3.tasks_sweep).
    processing_by = models.CharField(max_length=80, blank=True)
    # Translations: this document translates another.
    translates = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="translations"
    )
    translator = EncryptedCharField(max_length=200, blank=True)
    translator_competence = EncryptedTextField(blank=True)
    translator_address = EncryptedTextField(blank=True)
    translator_phone = EncryptedCharField(max_length=60, blank=True)
    certificate_date = models.CharField(max_length=40, blank=True)
    certified = models.BooleanField(default=False)
    # The original's hash when this translation was made: a changed original needs a new look.
    translated_from_sha256 = models.CharField(max_length=64, blank=True)
    needs_review = models.BooleanField(default=False)  # the original changed after translation
    # Expert opinions.
    qualifications = EncryptedTextField(blank=True)
    addresses_individual_circumstances = models.BooleanField(null=True, blank=True)
    # Medical and psychological reports.
    examiner = EncryptedCharField(max_length=200, blank=True)
    examination_date = models.CharField(max_length=40, blank=True)
    extra = EncryptedJSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # Withdrawn: kept in the vault and the custody trail, but out of the checks, the gap report,
    # the element matrix and bundles until restored. The reason is the lawyer's own words.
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_reason = EncryptedCharField(max_length=300, blank=True)
    # Left out of the bundle only: still evidence for the checks (e.g. filed earlier, or kept back).
    bundle_excluded = models.BooleanField(default=False)

    VAULT_FIELDS = ("original_sha256", "derived_sha256")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["case", "key"], name="document_key_per_case")]
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.label  # what choice lists show: the title, never the record key

    @property
    def label(self) -> str:
        return self.title or self.get_kind_display()

    @property
    def withdrawn(self) -> bool:
        return self.withdrawn_at is not None
    @property
    def progress_text(self) -> str:
        """The conversion step in the reader's language; as stored before its words were kept ("ocr: 2 of 5"
        is "reading scanned pages: 2 of 5")."""
        if self.progress_words:
            return shown(self.progress_words, self.progress)
        step, colon, rest = self.progress.partition(":")
        return f"{PROGRESS_STEPS.get(step, step)}{colon}{rest}"

    @property
    def error_text(self) -> str:
        """Why the file could not be converted, in the reader's language (in English for a row that kept
        no words)."""
        return shown(self.error_words, self.error_message)

    @property
    def warning_texts(self) -> list[str]:
        """What conversion could not do, in the reader's language (in English for a row that kept no words)."""
        return shown_all(self.warning_words, [str(warning) for warning in self.warnings or []])

    @property
    def flag_notes(self) -> list[str]:
        """What the conversion noticed about the file, in words."""
        return [_flag_note(flag) for flag in self.flags or []]


class DocumentPage(models.Model):
    """The text of one page of a document's derived PDF (extracted, or read by OCR)."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="page_texts")
    number = models.PositiveIntegerField()
    text = EncryptedTextField(blank=True)
    ocr = models.BooleanField(default=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["document", "number"], name="one_text_per_page")]
        ordering = ["number"]

    def __str__(self) -> str:
        return f"{self.document_id} p.{self.number}"


class CustodyEntry(models.Model):
    """The document's chain of custody: intake hash, who handed it over, every derived file."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="custody")
    at = models.DateTimeField(auto_now_add=True)
    actor = models.CharField(max_length=80)
    action = models.CharField(max_length=40)  # received | derived | repaired | failed | metadata
    input_sha256 = models.CharField(max_length=64, blank=True)
    output_sha256 = models.CharField(max_length=64, blank=True)
    tool = models.CharField(max_length=80, blank=True)
    tool_version = models.CharField(max_length=80, blank=True)
    # What was done; never document contents. Encrypted: a replace records the editor's reason.
    note = EncryptedCharField(max_length=300, blank=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.document_id}:{self.action}"

    @property
    def action_words(self) -> str:
        return str(CUSTODY_ACTIONS.get(self.action, self.action))


class PreviousOriginal(models.Model):
    """An original that a replace superseded. It stays in the vault as evidence of what was
    received before; this row is what keeps it there (fixity, backups, purge) and lets the
    history panel offer it for download."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="previous_originals")
    sha256 = models.CharField(max_length=64)
    size = models.BigIntegerField(null=True, blank=True)  # unknown for replaces recorded before this table
    original_type = models.CharField(max_length=10, blank=True)
    original_name = EncryptedCharField(max_length=255, blank=True)
    replaced_at = models.DateTimeField(auto_now_add=True)

    VAULT_FIELDS = ("sha256",)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.document_id}:{self.sha256[:12]}"


class Consistency(models.TextChoices):
    NOT_CONSISTENT = "not_consistent", _("Not consistent with")
    CONSISTENT = "consistent", _("Consistent with")
    HIGHLY_CONSISTENT = "highly_consistent", _("Highly consistent with")
    TYPICAL = "typical", _("Typical of")
    DIAGNOSTIC = "diagnostic", _("Diagnostic of")


class MedicalFinding(Versioned):
    """A finding in a medical or psychological report, with its Istanbul Protocol consistency level."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="findings")
    finding = EncryptedTextField()
    attributed_to = EncryptedTextField(blank=True)
    consistency = models.CharField(max_length=20, choices=Consistency.choices, blank=True)
    event = models.ForeignKey(
        "chronology.Event", null=True, blank=True, on_delete=models.SET_NULL, related_name="findings"
    )
    extra = EncryptedJSONField(default=dict, blank=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"finding {self.pk}"
