"""An imminent removal on a case, the organisation's alarm threshold, and the record of daily alarms sent."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from article3.accounts.models import Organisation
from article3.cases.models import Case, Versioned
from article3.fieldcrypt import EncryptedCharField, EncryptedTextField

DEFAULT_ALARM_DAYS = 14


class Removal(Versioned):
    """When and from where the applicant is to be removed, and how to reach them until then."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="removal")
    removal_date = models.DateField()
    removal_time = models.TimeField(null=True, blank=True)
    detention_place = EncryptedCharField(max_length=300, blank=True)  # facility name and address
    transfer_risk = EncryptedTextField(blank=True)  # may be moved elsewhere before removal, and where
    identifier = EncryptedCharField(max_length=60, blank=True)  # the applicant's number with the forum
    contact_arrangements = EncryptedTextField(blank=True)  # visiting hours, legal calls, how to book them
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"removal of case {self.case_id}"


class AlarmThreshold(models.Model):
    """How many days before a removal the organisation's cases raise the alarm."""

    organisation = models.OneToOneField(Organisation, on_delete=models.CASCADE, related_name="removal_alarm")
    days = models.PositiveSmallIntegerField(default=DEFAULT_ALARM_DAYS)

    def __str__(self) -> str:
        return f"removal alarm of organisation {self.organisation_id}"


class RemovalAlarmSent(models.Model):
    """The daily alarm e-mail about one removal to one user: at most one a day."""

    removal = models.ForeignKey(Removal, on_delete=models.CASCADE, related_name="alarms_sent")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["removal", "user", "day"], name="removal_alarm_once_a_day")]

    def __str__(self) -> str:
        return f"removal alarm {self.day} for removal {self.removal_id}"


class FindingCategory(models.TextChoices):
    CREDIBILITY = "credibility", _("Credibility")
    CORROBORATION = "corroboration", _("Corroboration")
    RELOCATION = "relocation", _("Internal relocation")
    ACQUIESCENCE = "acquiescence", _("Acquiescence of officials")
    MEDICAL_WEIGHT = "medical_weight", _("Weight given to medical evidence")
    COI_MISREAD = "coi_misread", _("Country information misread")
    LEGAL_ERROR = "legal_error", _("Error of law")


# The element of the case each kind of finding attacks, unless the team chooses another.
CATEGORY_ELEMENT = {
    FindingCategory.CREDIBILITY: "credibility",
    FindingCategory.CORROBORATION: "personal_risk",
    FindingCategory.RELOCATION: "internal_relocation",
    FindingCategory.ACQUIESCENCE: "official_involvement",
    FindingCategory.MEDICAL_WEIGHT: "past_torture",
    FindingCategory.COI_MISREAD: "country_conditions",
    FindingCategory.LEGAL_ERROR: "",
}


class AdverseFinding(Versioned):
    """One finding against the applicant in a decision, pinned to its page and paragraph."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="adverse_findings")
    key = models.CharField(max_length=80)
    decision = models.ForeignKey("evidence.Document", on_delete=models.CASCADE, related_name="adverse_findings")
    page = models.PositiveIntegerField(null=True, blank=True)
    paragraph = models.PositiveIntegerField(null=True, blank=True)
    category = models.CharField(max_length=20, choices=FindingCategory.choices)
    element = models.CharField(max_length=60, blank=True)  # element code of the case's rule pack
    finding = EncryptedTextField()  # what the decision found, in its words or close to them
    answer = EncryptedTextField(blank=True)  # the team's answer, for the grounds
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["case", "key"], name="adverse_finding_key_per_case")]
        ordering = ["page", "paragraph", "pk"]

    def __str__(self) -> str:
        return self.key


class ConditionKind(models.TextChoices):
    REPORTING = "reporting", _("Reporting")
    CHECK_IN = "check_in", _("Check-in")
    RENEWAL = "renewal", _("Renewal")
    TERMINATION_REVIEW = "termination_review", _("Termination review")
    OTHER = "other", _("Other condition")


class GrantCondition(Versioned):
    """A condition of protection granted (deferral, withholding, protection): kept as a dated deadline, so
    its reminders go out like every other deadline's."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="grant_conditions")
    kind = models.CharField(max_length=20, choices=ConditionKind.choices)
    due = models.DateField()
    details = EncryptedTextField(blank=True)  # where to report, to whom, what to bring
    deadline = models.OneToOneField("deadlines.Deadline", null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="grant_condition")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due", "pk"]

    def __str__(self) -> str:
        return f"{self.kind} condition of case {self.case_id}"
