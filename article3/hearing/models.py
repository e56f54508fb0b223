"""Hearing preparation: what the client answers to the questions the record will raise."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from article3.cases.models import Case, Versioned
from article3.fieldcrypt import EncryptedCharField, EncryptedTextField


class CrossAnswer(Versioned):
    """The client's answer to one anticipated cross-examination question.

    Questions are computed from the case's findings each time (see `questions.py`); a question is
    named by the id of the finding it comes from (`findings.finding_id`), so this row finds its
    question again for as long as the finding stands. Once the lawyer approves the answer to a
    conflict, it becomes the conflict's explanation and the conflict asks no more.
    """

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="cross_answers")
    question_id = models.CharField(max_length=20)
    finding = models.CharField(max_length=40)  # the finding's code, for pages once the finding is answered
    answer = EncryptedTextField()
    approved = models.BooleanField(default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["case", "question_id"], name="one_answer_per_question")]
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"answer {self.pk}"


class OutlineItem(Versioned):
    """One topic of the direct examination: usually an element of the forum, in the order it is weighed."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="outline_items")
    element = models.CharField(max_length=60, blank=True)  # the rule pack's element code; blank for other topics
    title = EncryptedCharField(max_length=300)
    elicit = EncryptedTextField(blank=True)  # the facts to bring out, in the lawyer's words
    witnesses = EncryptedTextField(blank=True)  # who speaks to it besides the applicant
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return f"outline item {self.pk}"


class HearingNote(Versioned):
    """A note taken during or after the hearing: on one anticipated question, or on what the judge asked."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="hearing_notes")
    question_id = models.CharField(max_length=20, blank=True)  # the anticipated question it is about, if any
    judge_asked = models.BooleanField(default=False)
    text = EncryptedTextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"hearing note {self.pk}"


WITNESS_CHECKLIST = (
    ("statement", _("Signed statement filed in the bundle")),
    ("availability", _("Available on the hearing date")),
    ("interpreter", _("Interpreter booked, or not needed")),
    ("link", _("Remote link and its test call done, or attending in person")),
    ("identity", _("Brings identity documents")),
    ("prepared", _("Went through the statement and likely questions")),
)


class Witness(Versioned):
    """A person on the case who will speak at the hearing, and their preparation."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="witnesses")
    person = models.ForeignKey("cases.Person", on_delete=models.CASCADE, related_name="+")
    speaks_to = EncryptedTextField(blank=True)
    language = EncryptedCharField(max_length=60, blank=True)  # and dialect, as the interpreter booking needs it
    interpreter_needed = models.BooleanField(default=False)
    remote = models.BooleanField(default=False)
    contact_done = models.BooleanField(default=False)
    checklist = models.JSONField(default=list, blank=True)  # codes of WITNESS_CHECKLIST ticked

    class Meta:
        constraints = [models.UniqueConstraint(fields=["case", "person"], name="one_witness_entry_per_person")]
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"witness {self.pk}"


class LogisticsTick(models.Model):
    """An item of the hearing logistics checklist marked done."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="logistics_ticks")
    item = models.CharField(max_length=80)  # the checklist item's code (see logistics.py)
    ticked_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["case", "item"], name="one_tick_per_item")]
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"tick {self.pk}"


class InterviewCare(Versioned):
    """How to interview and examine the applicant without harm: for the team and the tribunal's
    accommodations, never for documents that leave the team."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="interview_care")
    breaks = EncryptedTextField(blank=True)
    triggers = EncryptedTextField(blank=True)
    interviewer_gender = EncryptedCharField(max_length=100, blank=True)
    interpreter_gender = EncryptedCharField(max_length=100, blank=True)
    accommodations = EncryptedTextField(blank=True)  # requested from the tribunal
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"interview care {self.pk}"
