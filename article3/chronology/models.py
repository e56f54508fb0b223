from django.db import models
from django.utils.translation import gettext_lazy as _

from article3.cases.models import Case, Versioned
from article3.fieldcrypt import EncryptedCharField, EncryptedJSONField, EncryptedTextField
from article3.words import shown


class EventKind(models.TextChoices):
    HARM = "harm", _("Harm")
    THREAT = "threat", _("Threat")
    DETENTION = "detention", _("Detention")
    RELEASE = "release", _("Release")
    DOMESTIC_REMEDY = "domestic_remedy", _("Attempt to seek protection")
    MEDICAL = "medical", _("Medical")
    DEPARTURE = "departure", _("Departure")
    ARRIVAL = "arrival", _("Arrival")
    FILING = "filing", _("Filing")
    HEARING = "hearing", _("Hearing")
    DECISION = "decision", _("Decision")
    OTHER = "other", _("Other")


class Event(Versioned):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    key = models.CharField(max_length=80)
    kind = models.CharField(max_length=20, choices=EventKind.choices)
    title = EncryptedCharField(max_length=300)
    date = models.CharField(max_length=40, blank=True)  # fuzzy date, see spec "Dates"
    place = EncryptedCharField(max_length=200, blank=True)
    actors = EncryptedJSONField(default=list, blank=True)  # [{"name": ..., "official": bool}]
    concerns_applicant = models.BooleanField(default=True)
    in_home_country = models.BooleanField(null=True, blank=True)
    description = EncryptedTextField(blank=True)
    extra = EncryptedJSONField(default=dict, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["case", "key"], name="event_key_per_case")]
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.date or 'undated'}: {self.title}"  # what choice lists show, never the record key


class Account(Versioned):
    """What one source says of an event: its date, place and the person's stated age."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="accounts")
    document = models.ForeignKey(
        "evidence.Document", null=True, blank=True, on_delete=models.SET_NULL, related_name="accounts"
    )
    page = models.PositiveIntegerField(null=True, blank=True)
    paragraph = models.PositiveIntegerField(null=True, blank=True)
    interview = EncryptedCharField(max_length=200, blank=True)  # e.g. "credible fear interview 2025-02-01"
    date = models.CharField(max_length=40, blank=True)
    place = EncryptedCharField(max_length=200, blank=True)
    age_stated = models.PositiveSmallIntegerField(null=True, blank=True)
    quote = EncryptedTextField(blank=True)
    extra = EncryptedJSONField(default=dict, blank=True)

    class Meta:
        ordering = ["pk"]


class RemedyBody(models.TextChoices):
    POLICE = "police", _("Police")
    PROSECUTOR = "prosecutor", _("Prosecutor")
    COURT = "court", _("Court")
    OMBUDSMAN = "ombudsman", _("Ombudsman")
    HUMAN_RIGHTS_COMMISSION = "human_rights_commission", _("Human rights commission")
    MILITARY = "military", _("Military")
    OTHER = "other", _("Other")


class RemedyOutcome(models.TextChoices):
    NO_RESPONSE = "no_response", _("No response")
    REFUSED = "refused", _("Refused")
    DELAYED = "delayed", _("Delayed")
    DISMISSED = "dismissed", _("Dismissed")
    RETALIATION = "retaliation", _("Retaliation")
    EFFECTIVE = "effective", _("Effective")
    PENDING = "pending", _("Pending")


class DomesticRemedy(Versioned):
    """An attempt to get protection at home, and what followed."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="domestic_remedies")
    key = models.CharField(max_length=80)
    date = models.CharField(max_length=40, blank=True)
    body = models.CharField(max_length=30, choices=RemedyBody.choices)
    description = EncryptedTextField(blank=True)
    outcome = models.CharField(max_length=20, choices=RemedyOutcome.choices)
    consequence = EncryptedTextField(blank=True)
    evidence = models.ManyToManyField("evidence.Document", blank=True, related_name="remedies")
    extra = EncryptedJSONField(default=dict, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["case", "key"], name="remedy_key_per_case")]
        ordering = ["pk"]


class ReviewDecision(models.TextChoices):
    NEW_EVENT = "new_event", _("Added as a new event")
    ACCOUNT = "account", _("Added as an account of an event")
    REJECTED = "rejected", _("Rejected")


class StatementReview(models.Model):
    """What a person decided about one dated statement the extraction assistant proposed.

    Proposals are read from the document's text on the worker (StatementExtraction); this row
    remembers the decision so that a statement is never offered twice, and nothing is added without one.
    """

    document = models.ForeignKey("evidence.Document", on_delete=models.CASCADE, related_name="statement_reviews")
    fingerprint = models.CharField(max_length=64)  # sha256 of page, paragraph, sentence and date text
    page = models.PositiveIntegerField()
    paragraph = models.PositiveIntegerField()
    decision = models.CharField(max_length=12, choices=ReviewDecision.choices)
    event = models.ForeignKey(Event, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    account = models.ForeignKey(Account, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["document", "fingerprint"], name="one_review_per_statement")
        ]
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"review {self.pk}"


class ExtractionStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting its turn")
    RUNNING = "running", _("Being read")
    DONE = "done", _("Read")
    FAILED = "failed", _("Could not be read")


class StatementExtraction(models.Model):
    """The dated statements the assistant found in one document's text, read on the task worker (a
    long document takes seconds) and kept while that text stays the same: `text_version` names what
    was read, and a document whose text changed is read again."""

    document = models.OneToOneField("evidence.Document", on_delete=models.CASCADE,
                                    related_name="statement_extraction")
    text_version = models.CharField(max_length=120)  # see chronology.assistant.text_version: hashes and counts
    status = models.CharField(max_length=10, choices=ExtractionStatus.choices, default=ExtractionStatus.QUEUED)
    progress = models.CharField(max_length=200, blank=True)  # in English; its words in `progress_words`
    progress_words = models.JSONField(default=dict, blank=True)
    error_message = models.TextField(blank=True)  # a phrase of the catalogue, kept in English
    # [{page, paragraph, sentence, date_text, date, kind_guess}]: the document's own sentences
    statements = EncryptedJSONField(default=list, blank=True)
    found = models.PositiveIntegerField(default=0)  # how many statements: lists count without decrypting
    requested_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"reading of document {self.document_id}"

    @property
    def finished(self) -> bool:
        return self.status in (ExtractionStatus.DONE, ExtractionStatus.FAILED)

    @property
    def progress_text(self) -> str:
        """The step under way, in the reader's language."""
        return shown(self.progress_words, self.progress)

    @property
    def error_text(self) -> str:
        return shown({}, self.error_message)


class ConflictStatus(models.TextChoices):
    EXPLAINED = "explained", _("Explained")
    CORRECTED = "corrected", _("Resolved by correcting a source")


class ConflictNote(Versioned):
    """The lawyer's answer to a conflict the checks found.

    A conflict is named by its id: its kind and the records it names (see findings.finding_id).
    When those records change so that the check finds a different conflict, the note no longer
    applies to it, and the new conflict asks again.
    """

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="conflict_notes")
    conflict_id = models.CharField(max_length=20)
    status = models.CharField(max_length=12, choices=ConflictStatus.choices)
    note = EncryptedTextField()  # the explanation, or what was corrected and where
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["case", "conflict_id"], name="one_note_per_conflict")]
