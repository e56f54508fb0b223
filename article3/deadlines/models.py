from django.conf import settings
from django.db import models

from article3.cases.models import Case, Versioned


class Deadline(Versioned):
    """A date computed by the deadline engine for a case, with the working that produced it."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="deadlines")
    rule = models.CharField(max_length=60)
    label = models.CharField(max_length=200)
    trigger = models.CharField(max_length=60)
    trigger_date = models.DateField()
    due = models.DateField(null=True, blank=True)  # None: no fixed limit (the note says what is expected)
    target = models.DateField(null=True, blank=True)
    filing = models.CharField(max_length=12)  # received | dispatched
    citation = models.TextField()
    verified = models.BooleanField(default=False)
    note = models.TextField(blank=True)
    trace = models.JSONField(default=list)
    decision = models.ForeignKey("deadlines.Decision", null=True, blank=True, on_delete=models.CASCADE,
                                 related_name="deadlines")
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due", "pk"]


class Outcome(models.TextChoices):
    GRANTED = "granted", "Granted"
    DENIED = "denied", "Denied"
    PARTLY_GRANTED = "partly_granted", "Partly granted"
    REMANDED = "remanded", "Remanded"
    DISMISSED = "dismissed", "Dismissed"


class Service(models.TextChoices):
    ORAL = "oral", "Oral (in court)"
    MAIL = "mail", "Mail"
    ELECTRONIC = "electronic", "Electronic"
    PERSONAL = "personal", "Personal service"


class Decision(Versioned):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="decisions")
    key = models.CharField(max_length=80)
    date = models.DateField()
    trigger = models.CharField(max_length=60)  # the rule pack trigger the decision starts, e.g. ij_decision
    decision_maker = models.CharField(max_length=200, blank=True)
    outcome = models.CharField(max_length=20, choices=Outcome.choices)
    relief = models.CharField(max_length=200, blank=True)  # e.g. deferral of removal under CAT
    service = models.CharField(max_length=12, choices=Service.choices, blank=True)
    final = models.BooleanField(default=False)
    reasons = models.JSONField(default=list, blank=True)  # credibility, corroboration, severity, ...
    reasons_note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "pk"]
