"""Facts of a case, each linked to legal elements of the case's rule pack and to what supports it."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from article3.cases.models import Case, Versioned
from article3.fieldcrypt import EncryptedJSONField, EncryptedTextField


class Fact(Versioned):
    """A short statement the case relies on, tied to the element codes it helps prove."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="facts")
    key = models.CharField(max_length=80)
    text = EncryptedTextField()
    elements = models.JSONField(default=list, blank=True)  # element codes of the case's rule pack
    extra = EncryptedJSONField(default=dict, blank=True)  # `x-` keys from case packages, kept as they came
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["case", "key"], name="fact_key_per_case")]
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.key


class SupportKind(models.TextChoices):
    EVENT = "event", _("Event in the chronology")
    DOCUMENT = "document", _("Document")
    COI_CITATION = "coi_citation", _("Country information passage")
    TESTIMONY = "testimony", _("The applicant's testimony (no document)")


class Support(Versioned):
    """One piece of what a fact rests on: an event, a document (pinpointed), a cited passage or testimony."""

    fact = models.ForeignKey(Fact, on_delete=models.CASCADE, related_name="support")
    kind = models.CharField(max_length=20, choices=SupportKind.choices)
    event = models.ForeignKey(
        "chronology.Event", null=True, blank=True, on_delete=models.CASCADE, related_name="supports"
    )
    document = models.ForeignKey(
        "evidence.Document", null=True, blank=True, on_delete=models.CASCADE, related_name="supports"
    )
    coi_citation = models.ForeignKey(
        "coi.CoiCitation", null=True, blank=True, on_delete=models.CASCADE, related_name="supports"
    )
    pages = models.CharField(max_length=40, blank=True)  # "2-3", "4, 7"
    paragraph = models.PositiveIntegerField(null=True, blank=True)
    note = EncryptedTextField(blank=True)  # e.g. which interview, for testimony

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                name="support_target_matches_kind",
                condition=(
                    models.Q(kind="event", event__isnull=False, document__isnull=True, coi_citation__isnull=True)
                    | models.Q(kind="document", event__isnull=True, document__isnull=False,
                               coi_citation__isnull=True)
                    | models.Q(kind="coi_citation", event__isnull=True, document__isnull=True,
                               coi_citation__isnull=False)
                    | models.Q(kind="testimony", event__isnull=True, document__isnull=True,
                               coi_citation__isnull=True)
                ),
            )
        ]

    def __str__(self) -> str:
        return f"support {self.pk} of fact {self.fact_id}"

    @property
    def target_key(self) -> str:
        """The package key of what this support points at (`testimony` has none of its own)."""
        target = self.event or self.document or self.coi_citation
        return target.key if target is not None else f"testimony:{self.pk}"

    @property
    def pinpoint(self) -> str:
        parts = []
        if self.pages:
            parts.append(f"p. {self.pages}")
        if self.paragraph:
            parts.append(f"¶ {self.paragraph}")
        return ", ".join(parts)
