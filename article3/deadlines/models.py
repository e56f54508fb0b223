"""Deadlines computed for cases, the decisions that start them, interim relief, calendar feeds
and the record of reminders sent."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from article3.cases.models import Case, Versioned
from article3.fieldcrypt import EncryptedCharField, EncryptedTextField


class Origin(models.TextChoices):
    DECISION = "decision", _("From a recorded decision")
    MANUAL = "manual", _("Computed from a trigger")
    CUSTOM = "custom", _("Set by the case team")
    RECORDED = "recorded", _("Recorded by the team (a condition of a grant)")


# The label of a deadline the team sets itself: calendar feeds and e-mails show it, never the title.
CUSTOM_LABEL = "Deadline set by the case team"


# Urgency classes, in the order a list sorted by due date meets them.
URGENCY_LABELS = {
    "overdue": _("Overdue"),
    "today": _("Due today"),
    "week": _("Within 7 days"),
    "month": _("Within 30 days"),
    "later": _("Later"),
    "undated": _("No fixed time limit"),
    "done": _("Done"),
}


class Deadline(Versioned):
    """A date computed by the deadline engine for a case, with the working that produced it."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="deadlines")
    rule = models.CharField(max_length=60)
    label = models.CharField(max_length=200)  # the rule's label, in the pack's words
    title = EncryptedCharField(max_length=200, blank=True)  # a custom deadline's own words
    forum = models.CharField(max_length=20, blank=True)
    trigger = models.CharField(max_length=60)
    trigger_date = models.DateField()
    service = models.CharField(max_length=20, blank=True)  # the trigger's service, when it takes one
    due = models.DateField(null=True, blank=True)  # None: no fixed limit (the note says what is expected)
    target = models.DateField(null=True, blank=True)
    # Why the target is earlier than the due date (the law is uncertain, or not extended).
    aim_reason = models.TextField(blank=True)
    rule_day = models.DateField(null=True, blank=True)  # the day the rule gives, before any roll-over
    filing = models.CharField(max_length=12, blank=True)  # received | dispatched | "" (not said)
    citation = models.TextField(blank=True)  # empty only for a custom deadline: no rule gives it
    verified = models.BooleanField(default=False)
    confidence = models.CharField(max_length=1, blank=True)  # H | M | L | U, the weakest source relied on
    rule_checked_on = models.DateField(null=True, blank=True)  # the rule's last-verified date in its pack
    note = EncryptedTextField(blank=True)
    trace = models.JSONField(default=list)  # the working in English, the record of how the date was computed
    # The same working as steps to word in the reader's language (article3.deadlines.steps), with why the
    # target is earlier: {"steps": [...], "aim_reason": ...}. Empty on deadlines computed before it was kept.
    working = models.JSONField(default=dict, blank=True)
    origin = models.CharField(max_length=10, choices=Origin.choices, default=Origin.MANUAL)
    decision = models.ForeignKey("deadlines.Decision", null=True, blank=True, on_delete=models.CASCADE,
                                 related_name="deadlines")
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due", "pk"]
        indexes = [models.Index(fields=["due", "done_at"], name="deadline_due_open")]

    def __str__(self) -> str:
        return f"{self.rule} on case {self.case_id}"

    @property
    def is_custom(self) -> bool:
        return self.origin == Origin.CUSTOM

    @property
    def name(self) -> str:
        """What the case's own pages call it: the team's title, or the rule's label."""
        return self.title or self.label

    @property
    def days_left(self) -> int | None:
        return None if self.due is None else (self.due - timezone.localdate()).days

    @property
    def urgency(self) -> str:
        if self.done_at is not None:
            return "done"
        left = self.days_left
        if left is None:
            return "undated"
        if left < 0:
            return "overdue"
        if left == 0:
            return "today"
        return "week" if left <= 7 else "month" if left <= 30 else "later"

    @property
    def urgency_label(self) -> str:
        return str(URGENCY_LABELS[self.urgency])

    @property
    def shows_target(self) -> bool:
        return self.target is not None and self.target != self.due

    @property
    def filing_words(self) -> str:
        if self.filing == "dispatched":
            return gettext("Filing counts when dispatched")
        if self.filing == "received":
            return gettext("Filing counts on receipt")
        return gettext("The rule pack does not say how filing counts")


class Outcome(models.TextChoices):
    GRANTED = "granted", _("Granted")
    DENIED = "denied", _("Denied")
    PARTLY_GRANTED = "partly_granted", _("Partly granted")
    REMANDED = "remanded", _("Remanded")
    DISMISSED = "dismissed", pgettext_lazy("decision outcome", "Dismissed")


class Service(models.TextChoices):
    ORAL = "oral", _("Oral (in court)")
    MAIL = "mail", _("Mail")
    ELECTRONIC = "electronic", _("Electronic")
    PERSONAL = "personal", _("Personal service")


class Relief(models.TextChoices):
    CAT_WITHHOLDING = "cat_withholding", _("Withholding of removal under CAT")
    CAT_DEFERRAL = "cat_deferral", _("Deferral of removal under CAT")
    ASYLUM = "asylum", _("Asylum")
    WITHHOLDING = "withholding", _("Withholding of removal (statutory)")
    PROTECTION = "protection", _("Protection against removal (CAT Art. 3, ECHR Art. 3, IRPA s.97)")
    OTHER = "other", _("Other relief")


class Reason(models.TextChoices):
    CREDIBILITY = "credibility", _("Credibility")
    CORROBORATION = "corroboration", _("Corroboration")
    SEVERITY = "severity", _("Severity (not severe enough to be torture)")
    OFFICIAL_INVOLVEMENT = "official_involvement", _("Official involvement or acquiescence")
    RELOCATION = "relocation", _("Internal relocation")
    STANDARD_NOT_MET = "standard_not_met", _("Standard of proof not met")
    OTHER = "other", _("Other")


class Decision(Versioned):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="decisions")
    key = models.CharField(max_length=80)
    date = models.DateField()
    trigger = models.CharField(max_length=60)  # the rule pack trigger the decision starts, e.g. ij_decision
    decision_maker = EncryptedCharField(max_length=200, blank=True)
    outcome = models.CharField(max_length=20, choices=Outcome.choices)
    relief = EncryptedCharField(max_length=200, blank=True)  # details in words, beside the codes below
    relief_granted = models.JSONField(default=list, blank=True)  # Relief codes
    relief_refused = models.JSONField(default=list, blank=True)  # Relief codes
    service = models.CharField(max_length=12, choices=Service.choices, blank=True)
    final = models.BooleanField(default=False)
    reasons = models.JSONField(default=list, blank=True)  # Reason codes
    reasons_note = EncryptedTextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "-pk"]
        constraints = [models.UniqueConstraint(fields=["case", "key"], name="decision_key_per_case")]

    def __str__(self) -> str:
        return self.key

    def relief_granted_labels(self) -> list[str]:
        return [str(Relief(code).label) for code in self.relief_granted]

    def relief_refused_labels(self) -> list[str]:
        return [str(Relief(code).label) for code in self.relief_refused]

    def reason_labels(self) -> list[str]:
        return [str(Reason(code).label) for code in self.reasons]


class InterimKind(models.TextChoices):
    STAY = "stay_of_removal", _("Stay of removal")
    ECHR_RULE39 = "echr_rule39", _("ECHR Rule 39 interim measures")
    UNCAT = "uncat_interim_measures", _("UN CAT interim measures (rule 114)")


class InterimStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    FILED = "filed", _("Filed")
    GRANTED = "granted", _("Granted")
    REFUSED = "refused", _("Refused")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Compliance(models.TextChoices):
    NOT_RECORDED = "", _("Not recorded")
    COMPLIED = "complied", _("The State complied")
    NOT_COMPLIED = "not_complied", _("The State did not comply")


# Statuses that close a request; their date is `decided_on`.
CLOSING_STATUSES = frozenset({InterimStatus.GRANTED, InterimStatus.REFUSED, InterimStatus.WITHDRAWN})


class InterimRequest(Versioned):
    """A request for interim relief: a stay of removal, ECHR Rule 39 or UN CAT interim measures."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="interim_requests")
    kind = models.CharField(max_length=30, choices=InterimKind.choices)
    status = models.CharField(max_length=10, choices=InterimStatus.choices, default=InterimStatus.DRAFT)
    addressed_to = EncryptedCharField(max_length=200, blank=True)  # e.g. BIA, ICE, the Court, the Committee
    reference = EncryptedCharField(max_length=100, blank=True)  # the body's own reference number: identifying
    filed_on = models.DateField(null=True, blank=True)
    decided_on = models.DateField(null=True, blank=True)  # granted, refused or withdrawn on
    # Whether the State respected a measure granted (issue 20): breaches are logged for the record.
    compliance = models.CharField(max_length=14, choices=Compliance.choices, blank=True, default="")
    option = models.CharField(max_length=40, blank=True)  # the rule pack's emergency option it was drafted for
    note = EncryptedTextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.kind} on case {self.case_id}"


class CalendarFeed(models.Model):
    """A secret ICS address for one user. The token is the credential: only its SHA-256 is kept."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feeds")
    token_hash = models.CharField(max_length=64, unique=True)
    created = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created", "-pk"]

    def __str__(self) -> str:
        return f"calendar feed {self.pk} of user {self.user_id}"

    @property
    def active(self) -> bool:
        return self.revoked_at is None


class ReminderSent(models.Model):
    """One reminder e-mail about one deadline to one user, for one lead time: never sent twice."""

    deadline = models.ForeignKey(Deadline, on_delete=models.CASCADE, related_name="reminders_sent")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    lead_days = models.PositiveSmallIntegerField()
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["deadline", "user", "lead_days"], name="reminder_once_per_lead")
        ]

    def __str__(self) -> str:
        return f"reminder {self.lead_days}d for deadline {self.deadline_id}"


class DigestSent(models.Model):
    """The daily digest of one user on one day: at most one."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "day"], name="digest_once_per_day")]

    def __str__(self) -> str:
        return f"digest of user {self.user_id} on {self.day}"
