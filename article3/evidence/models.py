from django.db import models

from article3.cases.models import Case, Versioned
from article3.fieldcrypt import EncryptedCharField, EncryptedJSONField, EncryptedTextField


class DocumentKind(models.TextChoices):
    DECLARATION = "declaration", "Declaration"
    IDENTITY = "identity", "Identity document"
    MEDICAL = "medical", "Medical report"
    PSYCHOLOGICAL = "psychological", "Psychological report"
    EXPERT_OPINION = "expert_opinion", "Expert opinion"
    COUNTRY_INFORMATION = "country_information", "Country information"
    PRIOR_ABUSE_RECORD = "prior_abuse_record", "Record of past abuse"
    THREAT = "threat", "Threat"
    DOMESTIC_REMEDY_RECORD = "domestic_remedy_record", "Record of a complaint at home"
    WITNESS_STATEMENT = "witness_statement", "Witness statement"
    TRANSLATION = "translation", "Translation"
    TRANSLATION_CERTIFICATE = "translation_certificate", "Translation certificate"
    OTHER = "other", "Other"


class Status(models.TextChoices):
    RECEIVED = "received", "Received"
    PROCESSING = "processing", "Processing"
    READY = "ready", "Ready"
    FAILED = "failed", "Could not be read"


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
    progress = models.CharField(max_length=200, blank=True)
    error_code = models.CharField(max_length=40, blank=True)
    error_message = models.TextField(blank=True)
    flags = models.JSONField(default=list, blank=True)  # e.g. ["repaired", "active_content:javascript"]
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

    VAULT_FIELDS = ("original_sha256", "derived_sha256")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["case", "key"], name="document_key_per_case")]
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.key

    @property
    def label(self) -> str:
        return self.title or self.get_kind_display()


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
    NOT_CONSISTENT = "not_consistent", "Not consistent with"
    CONSISTENT = "consistent", "Consistent with"
    HIGHLY_CONSISTENT = "highly_consistent", "Highly consistent with"
    TYPICAL = "typical", "Typical of"
    DIAGNOSTIC = "diagnostic", "Diagnostic of"


class MedicalFinding(models.Model):
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
