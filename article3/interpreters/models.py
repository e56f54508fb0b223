"""The organisation's interpreters, and each booking of one for a case's meeting, interview or hearing."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from article3.accounts.models import Organisation
from article3.cases.models import Case, Versioned
from article3.fieldcrypt import EncryptedCharField, EncryptedJSONField, EncryptedTextField


class Gender(models.TextChoices):
    WOMAN = "woman", _("Woman")
    MAN = "man", _("Man")
    ANOTHER = "another", _("Another gender")


class Interpreter(Versioned):
    """One interpreter the organisation works with. Names, contact details and conflicts are
    encrypted: a list of who interprets for a clinic, and who they are related to, can endanger."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="interpreters")
    name = EncryptedCharField(max_length=200)
    # [{"language": "ar", "dialect": "Sudanese"}, {"language": "ti", "dialect": ""}]: a code and the words typed
    languages = EncryptedJSONField(default=list, blank=True)
    gender = models.CharField(max_length=10, choices=Gender.choices, blank=True)
    qualifications = EncryptedTextField(blank=True)
    contact = EncryptedTextField(blank=True)
    conflicts = EncryptedTextField(blank=True)  # ties to parties: the feared agent's family, a government service
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"interpreter {self.pk}"


class BookingKind(models.TextChoices):
    MEETING = "meeting", _("Meeting with the client")
    INTERVIEW = "interview", _("Interview")
    HEARING = "hearing", _("Hearing")


class Booking(Versioned):
    """An interpreter booked for one meeting, interview or the hearing of a case. A booking for the
    hearing has no date of its own: it is on the case's hearing date, and moves with it."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="interpreter_bookings")
    kind = models.CharField(max_length=10, choices=BookingKind.choices)
    date = models.DateField(null=True, blank=True)
    time = models.TimeField(null=True, blank=True)
    language = models.CharField(max_length=35)  # a language code, as the applicant's
    dialect = EncryptedCharField(max_length=100, blank=True)
    gender = EncryptedCharField(max_length=10, choices=Gender.choices, blank=True)  # asked for; blank: any
    interpreter = models.ForeignKey(Interpreter, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="bookings")  # None once the interpreter left the list
    note = EncryptedTextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind="hearing", date__isnull=True) | (~models.Q(kind="hearing")
                                                                         & models.Q(date__isnull=False)),
                name="booking_hearing_on_case_date",
            ),
        ]

    def __str__(self) -> str:
        return f"booking {self.pk}"
