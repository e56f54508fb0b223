from django.db import models

from article3.cases.models import Case


class Interview(models.Model):
    """A self-help interview: an applicant without a lawyer, or a volunteer helping one, fills in a case
    of the hosting organisation that its members do not see until it is handed over."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="self_help")
    # SHA-256 of the resume code; the code itself is shown once, to be written down, and never stored.
    code_digest = models.CharField(max_length=64, unique=True)
    language = models.CharField(max_length=8)
    reached = models.CharField(max_length=30, blank=True)  # the furthest question answered, to resume there
    created_at = models.DateTimeField(auto_now_add=True)
    last_seen_at = models.DateTimeField(auto_now=True)
    handed_over_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"self-help interview of case {self.case_id}"
