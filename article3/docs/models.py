"""Documents Article3 drafts from a case: declarations, certificates, briefs, international requests.

Each generated file is kept in the vault with what it was made from, so a document whose sources
changed afterwards can be marked stale. Organisations may replace the built-in DOCX templates.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from article3.accounts.models import Organisation
from article3.cases.models import Case
from article3.fieldcrypt import EncryptedJSONField
from article3.words import shown_all


class DocKind(models.TextChoices):
    DECLARATION = "declaration", _("Declaration (draft)")
    EXHIBIT_LIST = "exhibit_list", _("Exhibit list")
    TRANSLATION_CERTIFICATE = "translation_certificate", _("Certificate of translation")
    SERVICE_CERTIFICATE = "service_certificate", _("Certificate of service")
    BRIEF = "brief", _("Brief skeleton")
    UN_CAT = "un_cat_communication", _("UN Committee against Torture communication (Article 22)")
    RULE39 = "rule39_request", _("ECtHR Rule 39 request")
    HEARING_OUTLINE = "hearing_outline", _("Direct-examination outline (for the team)")
    CROSS_EXAMINATION = "cross_examination", _("Anticipated cross-examination (for the team)")
    STAY_MOTION = "stay_motion", _("Emergency motion for a stay of removal")
    APPEAL_GROUNDS = "appeal_grounds", _("Grounds of appeal or judicial review (skeleton)")
    CHANGED_CONDITIONS = "changed_conditions", _("Motion to reopen: changed country conditions (evidence section)")


# For the team only: hearing preparation is work product, never filed or served.
FOR_THE_TEAM = frozenset({DocKind.HEARING_OUTLINE, DocKind.CROSS_EXAMINATION})
# Everything else except the declaration goes to the other party or a tribunal: redacted people stay unnamed.
FOR_OTHER_PARTY = frozenset(DocKind.values) - {DocKind.DECLARATION} - FOR_THE_TEAM


class GenStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Generating")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class GeneratedDocument(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="generated_documents")
    kind = models.CharField(max_length=30, choices=DocKind.choices)
    forum = models.CharField(max_length=20)
    status = models.CharField(max_length=10, choices=GenStatus.choices, default=GenStatus.QUEUED)
    # Form fields (served on, method, documents served, State party, removal details...): case text, encrypted.
    options = EncryptedJSONField(default=dict, blank=True)
    docx_sha256 = models.CharField(max_length=64, blank=True)
    pdf_sha256 = models.CharField(max_length=64, blank=True)  # when LibreOffice could convert it
    pages = models.PositiveIntegerField(null=True, blank=True)  # of the PDF
    # What it was made from: bundle build id, fact/event keys with versions, documents' hashes,
    # the template's hash. Compared with the case as it is now to mark the document stale.
    sources = models.JSONField(default=dict, blank=True)
    warnings = models.JSONField(default=list, blank=True)  # plain sentences in English, no names
    warning_words = models.JSONField(default=list, blank=True)  # the same, as words for the reader's language
    error_message = models.TextField(blank=True)
    # The evidence document this declaration became once signed and uploaded.
    document = models.ForeignKey("evidence.Document", null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="generated_from")
    created_by = models.CharField(max_length=80)  # audit actor label, never a name
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    VAULT_FIELDS = ("docx_sha256", "pdf_sha256")

    class Meta:
        ordering = ["-pk"]

    def __str__(self) -> str:
        return f"{self.kind} {self.pk} of case {self.case_id}"

    @property
    def filename_stem(self) -> str:
        return f"{self.case.reference}-{self.kind.replace('_', '-')}-{self.pk}"

    @property
    def warning_texts(self) -> list[str]:
        """What to check before filing, in the reader's language."""
        return shown_all(self.warning_words, [str(warning) for warning in self.warnings or []])


class DeclarationParagraph(models.Model):
    """Which event or domestic remedy a numbered paragraph of a generated declaration tells."""

    generated = models.ForeignKey(GeneratedDocument, on_delete=models.CASCADE, related_name="paragraphs")
    number = models.PositiveIntegerField()
    event = models.ForeignKey("chronology.Event", null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+")
    remedy = models.ForeignKey("chronology.DomesticRemedy", null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="+")

    class Meta:
        ordering = ["number", "pk"]

    def __str__(self) -> str:
        return f"¶{self.number} of {self.generated_id}"


class TemplateOverride(models.Model):
    """An organisation's own DOCX template for one kind, for one forum or (forum "generic") for all."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="doc_templates")
    forum = models.CharField(max_length=20)
    kind = models.CharField(max_length=30, choices=DocKind.choices)
    sha256 = models.CharField(max_length=64)
    original_name = models.CharField(max_length=255, blank=True)
    uploaded_by = models.CharField(max_length=80)  # audit actor label
    at = models.DateTimeField(auto_now=True)

    VAULT_FIELDS = ("sha256",)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organisation", "forum", "kind"],
                                               name="one_template_per_org_forum_kind")]
        ordering = ["forum", "kind"]

    def __str__(self) -> str:
        return f"{self.forum}/{self.kind}"


class TemplateChange(models.Model):
    """One change to an organisation's templates, kept for good: who put which file in use, or removed it.

    The files of earlier versions stay in the vault, so what a document was made from can be shown.
    """

    class Action(models.TextChoices):
        UPLOADED = "uploaded", _("Uploaded")
        REMOVED = "removed", _("Removed")

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="doc_template_changes")
    forum = models.CharField(max_length=20)
    kind = models.CharField(max_length=30, choices=DocKind.choices)
    version = models.PositiveIntegerField()  # 1, 2, ... per organisation, forum and kind
    action = models.CharField(max_length=10, choices=Action.choices)
    sha256 = models.CharField(max_length=64, blank=True)  # the file put in use; blank when removed
    changed_by = models.CharField(max_length=80)  # audit actor label
    at = models.DateTimeField(auto_now_add=True)

    VAULT_FIELDS = ("sha256",)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organisation", "forum", "kind", "version"],
                                               name="one_template_change_per_version")]
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.forum}/{self.kind} v{self.version}"
