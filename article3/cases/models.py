import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy

from article3.accounts.models import Organisation, Role
from article3.fieldcrypt import EncryptedCharField, EncryptedJSONField, EncryptedTextField


class Stage(models.TextChoices):
    INTAKE = "intake", gettext_lazy("Intake")
    PREPARING = "preparing", gettext_lazy("Preparing")
    FILED = "filed", gettext_lazy("Filed")
    HEARING = "hearing", gettext_lazy("Hearing")
    DECIDED = "decided", gettext_lazy("Decided")
    APPEAL = "appeal", gettext_lazy("Appeal")
    CLOSED = "closed", gettext_lazy("Closed")


class Versioned(models.Model):
    """Optimistic concurrency: an edit names the version it started from and fails if it moved."""

    version = models.PositiveIntegerField(default=1)

    class Meta:
        abstract = True


class Case(Versioned):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="cases")
    reference = models.CharField(max_length=60)
    forum = models.CharField(max_length=20, default="generic")
    country_of_return = models.CharField(max_length=2)
    stage = models.CharField(max_length=12, choices=Stage.choices, default=Stage.INTAKE)
    hearing_date = models.DateField(null=True, blank=True)
    detained = models.BooleanField(default=False)
    risk_profile = EncryptedTextField(blank=True)  # group memberships, profile: what makes the risk personal
    risk_terms = EncryptedCharField(max_length=500, blank=True)  # words to watch for in country news
    no_remedy_reason = EncryptedTextField(blank=True)  # why seeking protection at home was futile or dangerous
    prior_immigration = EncryptedTextField(blank=True)
    # `x-` keys from case packages, kept as they came; encrypted, as they may hold free text.
    extra = EncryptedJSONField(default=dict, blank=True)
    exhibit_order = models.JSONField(default=list, blank=True)  # document keys, in bundle order
    created_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation", "reference"], name="case_reference_per_org")
        ]

    def __str__(self) -> str:
        return self.reference


class CaseMember(models.Model):
    """The case team: only its members (and the organisation's admins) see the case."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="team")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="case_memberships"
    )
    role = models.CharField(max_length=20, choices=Role.choices)
    # A viewer reads but never downloads originals unless this is granted.
    may_download = models.BooleanField(default=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["case", "user"], name="one_seat_per_case")]

    def __str__(self) -> str:
        return f"{self.case_id}:{self.role}"


class CaseShare(models.Model):
    """A document or an event shared with one team member whose role sees only what is shared
    (interpreters and experts): need-to-know on top of team membership."""

    seat = models.ForeignKey(CaseMember, on_delete=models.CASCADE, related_name="shares")
    document = models.ForeignKey("evidence.Document", null=True, blank=True, on_delete=models.CASCADE,
                                 related_name="shares")
    event = models.ForeignKey("chronology.Event", null=True, blank=True, on_delete=models.CASCADE,
                              related_name="shares")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(document__isnull=False, event__isnull=True)
                | models.Q(document__isnull=True, event__isnull=False),
                name="share_one_thing",
            ),
            models.UniqueConstraint(fields=["seat", "document"], name="share_document_once"),
            models.UniqueConstraint(fields=["seat", "event"], name="share_event_once"),
        ]

    def __str__(self) -> str:
        return f"share {self.pk} of seat {self.seat_id}"


class Applicant(Versioned):
    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="applicant")
    name = EncryptedCharField(max_length=200)
    other_names = EncryptedJSONField(default=list, blank=True)
    birth_date = EncryptedCharField(max_length=40, blank=True)  # fuzzy: 2001-06-02, 2001-06 or 2001
    nationality = models.CharField(max_length=2, blank=True)
    languages = models.JSONField(default=list, blank=True)
    interpreter_language = models.CharField(max_length=35, blank=True)
    interpreter_dialect = EncryptedCharField(max_length=100, blank=True)  # "Sudanese", for Arabic
    reads_english = models.BooleanField(default=False)
    background = EncryptedTextField(blank=True)  # personal history, in the intake's words
    extra = EncryptedJSONField(default=dict, blank=True)

    def __str__(self) -> str:
        return f"applicant of case {self.case_id}"


class PersonRole(models.TextChoices):
    FAMILY = "family", gettext_lazy("Family")
    WITNESS = "witness", gettext_lazy("Witness")
    ASSOCIATE = "associate", gettext_lazy("Associate")
    EXPERT = "expert", gettext_lazy("Expert")
    OTHER = "other", gettext_lazy("Other")


class Person(Versioned):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="people")
    key = models.CharField(max_length=80)
    role = models.CharField(max_length=12, choices=PersonRole.choices)
    name = EncryptedCharField(max_length=200)
    relation = EncryptedCharField(max_length=100, blank=True)
    at_risk = models.BooleanField(default=False)  # may face retaliation
    redact = models.BooleanField(default=False)  # never named in documents for third parties
    notes = EncryptedTextField(blank=True)
    extra = EncryptedJSONField(default=dict, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["case", "key"], name="person_key_per_case")]
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.key


class FearedAgent(Versioned):
    """Who the applicant fears, and how they are tied to the state."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="feared_agents")
    key = models.CharField(max_length=80)
    description = EncryptedCharField(max_length=300)
    official = models.BooleanField(default=False)
    link_to_officials = EncryptedTextField(blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["case", "key"], name="agent_key_per_case")]
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.key


class SafetyPlan(Versioned):
    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="safety_plan")
    trusted_contacts = EncryptedTextField(blank=True)
    emergency_contacts = EncryptedTextField(blank=True)
    legal_contacts = EncryptedTextField(blank=True)
    originals_location = EncryptedTextField(blank=True)
    medical_referrals = EncryptedTextField(blank=True)
    psychological_referrals = EncryptedTextField(blank=True)
    housing_referrals = EncryptedTextField(blank=True)
    organisation_referrals = EncryptedTextField(blank=True)
    routines = EncryptedTextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"safety plan of case {self.case_id}"


class CaseCheck(models.Model):
    """The count of high findings when the case's checks last ran, for the dashboard's list of cases
    (running every case's checks on each visit would not scale)."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="last_check")
    high_findings = models.PositiveIntegerField(default=0)
    checked_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"check of case {self.case_id}"


class CaseStamp(models.Model):
    """A token that changes, in the same transaction, with every write to a case's records.

    Database triggers set it (article3/snapshots.py installs them after each migrate), so no write
    escapes it, whether through a service, a task, `bulk_create`, `update()` or a cascade. Row 0
    stands for the records cases share (country reports, interpreters). A new token is random (or
    from a sequence on PostgreSQL), never the old one plus one: a rolled-back write cannot leave a
    token that a later, different write would repeat. Pages keep what they derive from a case in
    memory under the token they read before reading the case.
    """

    case_id = models.BigIntegerField(primary_key=True)  # not a foreign key: kept with no case behind it
    token = models.BigIntegerField()

    def __str__(self) -> str:
        return f"stamp of case {self.case_id}"
