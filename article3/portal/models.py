"""The client portal: who of the client's side may sign in to a case, and what passes between them
and the team (answers to questions, messages). Everything here is in the client's own words, so
every text is encrypted at rest; an answer reaches the case only once the team approves it."""

from django.conf import settings
from django.db import models

from article3.cases.models import Case, Versioned
from article3.fieldcrypt import EncryptedCharField, EncryptedTextField


class Relationship(models.TextChoices):
    APPLICANT = "applicant", "The applicant"
    FAMILY = "family", "A trusted family member (with the applicant's consent)"


class ClientAccess(models.Model):
    """One person of the client's side who may sign in to the portal of one case. Ended, not
    deleted, when the team takes it away: the audit log keeps who could see what, and when."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="client_accesses")
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="client_access")
    relationship = models.CharField(max_length=10, choices=Relationship.choices)
    consent = EncryptedTextField(blank=True)  # for a family member: when and how the applicant agreed
    invited_by = models.CharField(max_length=80)
    created_at = models.DateTimeField(auto_now_add=True)
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.relationship} on case {self.case_id}"


class AnswerStatus(models.TextChoices):
    WAITING = "waiting", "Waiting for the team"
    APPROVED = "approved", "Approved as a note of the case"
    SET_ASIDE = "set_aside", "Set aside"


class ClientAnswer(Versioned):
    """The client's answer to one question, in their words or a voice note. A note for the team to
    approve: it never becomes evidence by itself."""

    VAULT_FIELDS = ("voice_sha256",)

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="client_answers")
    author = models.ForeignKey(ClientAccess, null=True, on_delete=models.SET_NULL, related_name="answers")
    topic = EncryptedCharField(max_length=200)
    question = EncryptedTextField()  # as it was asked, in English, for the team
    answer = EncryptedTextField(blank=True)
    language = models.CharField(max_length=8)  # the language the client answered in
    voice_sha256 = models.CharField(max_length=64, blank=True)
    voice_type = models.CharField(max_length=60, blank=True)
    status = models.CharField(max_length=10, choices=AnswerStatus.choices, default=AnswerStatus.WAITING)
    reviewed_by = models.CharField(max_length=80, blank=True)
    reviewed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-pk"]

    def __str__(self) -> str:
        return f"answer {self.pk} on case {self.case_id}"


class ClientUpload(models.Model):
    """A file the client sent from the portal: which document of the case it became, and the
    SHA-256 of the bytes as they arrived, before a photo's location data was taken out."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="client_uploads")
    author = models.ForeignKey(ClientAccess, null=True, on_delete=models.SET_NULL, related_name="uploads")
    document = models.OneToOneField("evidence.Document", on_delete=models.CASCADE, related_name="client_upload")
    received_sha256 = models.CharField(max_length=64)
    location_removed = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-pk"]

    def __str__(self) -> str:
        return f"upload {self.pk} on case {self.case_id}"


class Message(models.Model):
    """A secure message between the client's side and the team. Its e-mail notification says only
    that there is a message."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="client_messages")
    from_client = models.BooleanField()
    sender = EncryptedCharField(max_length=200, blank=True)  # a team member's name as the client sees it
    body = EncryptedTextField()
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"message {self.pk} on case {self.case_id}"
