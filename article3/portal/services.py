"""Writes for the client portal: invitations, answers, uploads and messages; atomic and audited.

The audit log records ids and codes, never what the client wrote. Notification e-mails carry no
content: only that there is something to read, and where to sign in.
"""

import hashlib
import io
from pathlib import Path
from typing import Any, BinaryIO

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from article3.accounts.models import LanguagePreference
from article3.accounts.selectors import language_of
from article3.accounts.services import mail_configured, set_password_link, user_sessions_end
from article3.audit.services import Actor, actor_label, audit_record
from article3.cases.models import Case, CaseMember
from article3.errors import DomainError
from article3.evidence.models import CustodyEntry, Document, DocumentKind
from article3.portal.models import AnswerStatus, ClientAccess, ClientAnswer, ClientUpload, Message, Relationship
from article3.versioning import versioned_update


def _audit(actor: Actor, action: str, case: Case, obj: Any) -> None:
    audit_record(actor=actor, action=action, obj=obj, organisation_id=case.organisation_id, case_id=case.pk)


def _mail(subject: str, body: str, to: list[str]) -> None:
    """Sent after the commit, never into the server's log (no console backend), never with content."""
    if to and mail_configured():
        transaction.on_commit(lambda: send_mail(subject, body, None, to, fail_silently=True))


# --- access ----------------------------------------------------------------------------------------

@transaction.atomic
def client_invite(*, actor: Actor, case: Case, email: str, relationship: str, language: str,
                  consent: str = "") -> tuple[ClientAccess, str]:
    """An account for the applicant (or, with their consent, a family member) that reaches this case's
    portal only. Returns the one-time link to choose a password, to hand over or send."""
    if relationship not in Relationship.values:
        raise DomainError("Choose who this person is: the applicant or a family member.")
    if relationship == Relationship.FAMILY and not consent.strip():
        raise DomainError("Write down when and how the applicant agreed to give this family member access.")
    if language not in dict(settings.LANGUAGES):
        raise DomainError("Choose one of the languages the portal is offered in.")
    email = email.strip().lower()
    if get_user_model().objects.filter(username=email).exists():
        raise DomainError("This email already has an account here; use another email for the client.")
    user = get_user_model()(username=email, email=email)
    user.set_unusable_password()
    user.save()
    LanguagePreference.objects.create(user=user, language=language)
    access = ClientAccess.objects.create(case=case, user=user, relationship=relationship, consent=consent.strip(),
                                         invited_by=actor_label(actor))
    link = set_password_link(user=user)
    with override(language):
        _mail(_("Your Article3 account"),
              _("Your legal team has invited you to see your case in Article3.\n\n"
                "Choose your password here (the link works once):\n%(link)s\n") % {"link": link}, [email])
    _audit(actor, "portal.client.invited", case, access)
    return access, link


@transaction.atomic
def client_access_end(*, actor: Actor, access: ClientAccess) -> None:
    """Take the portal away from this person: their sessions end and the account can no longer sign in."""
    if access.ended_at is not None:
        return
    access.ended_at = timezone.now()
    access.save(update_fields=["ended_at"])
    user = access.user
    user.is_active = False
    user.save(update_fields=["is_active"])
    user_sessions_end(actor=actor, user=user)
    _audit(actor, "portal.client.access_ended", access.case, access)


# --- answers ---------------------------------------------------------------------------------------

VOICE_TYPES = ("audio/", "video/webm", "video/mp4")  # a phone's recorder names its files both ways
VOICE_LIMIT = 25 * 1_048_576


def _voice_store(stream: BinaryIO, content_type: str) -> tuple[str, str]:
    from article3.evidence.storage import vault

    if not content_type.startswith(VOICE_TYPES):
        raise DomainError(_("This file is not a voice recording. Record your answer again, or write it."))
    data = stream.read(VOICE_LIMIT + 1)
    if len(data) > VOICE_LIMIT:
        raise DomainError(_("This recording is too long. Please keep it under 25 MB, or split it in two."))
    return vault().put(stream=io.BytesIO(data)).sha256, content_type[:60]


@transaction.atomic
def answer_add(*, actor: User, access: ClientAccess, topic: str, question: str, answer: str, language: str,
               voice: BinaryIO | None = None, voice_type: str = "") -> ClientAnswer:
    if not answer.strip() and voice is None:
        raise DomainError(_("Write your answer, or add a voice recording."))
    sha, kind = _voice_store(voice, voice_type) if voice is not None else ("", "")
    row = ClientAnswer.objects.create(case=access.case, author=access, topic=topic[:200], question=question,
                                      answer=answer.strip(), language=language, voice_sha256=sha, voice_type=kind)
    _audit(actor, "portal.answer.added", access.case, row)
    _notify_team(access.case)
    return row


def _waiting(answer: ClientAnswer) -> None:
    if answer.status != AnswerStatus.WAITING:
        raise DomainError(_("Your legal team has already read this answer. Send them a message to add something."))


@transaction.atomic
def answer_update(*, actor: User, answer: ClientAnswer, expected_version: int, text: str) -> ClientAnswer:
    _waiting(answer)
    if not text.strip() and not answer.voice_sha256:
        raise DomainError(_("Write your answer, or add a voice recording."))
    fresh = versioned_update(answer, expected_version=expected_version, changes={"answer": text.strip()})
    _audit(actor, "portal.answer.changed", answer.case, answer)
    return fresh


@transaction.atomic
def answer_delete(*, actor: User, answer: ClientAnswer) -> None:
    _waiting(answer)
    _audit(actor, "portal.answer.deleted", answer.case, answer)
    sha = answer.voice_sha256
    answer.delete()
    if sha:
        from article3.evidence.shredding import shred_unreferenced

        transaction.on_commit(lambda: shred_unreferenced([sha]))


@transaction.atomic
def answer_review(*, actor: Actor, answer: ClientAnswer, expected_version: int, approve: bool) -> ClientAnswer:
    """The team approves an answer as a note of the case, or sets it aside; either can be undone."""
    status = AnswerStatus.APPROVED if approve else AnswerStatus.SET_ASIDE
    fresh = versioned_update(answer, expected_version=expected_version, changes={
        "status": status, "reviewed_by": actor_label(actor), "reviewed_at": timezone.now()})
    _audit(actor, "portal.answer.approved" if approve else "portal.answer.set_aside", answer.case, answer)
    return fresh


@transaction.atomic
def answer_reopen(*, actor: Actor, answer: ClientAnswer, expected_version: int) -> ClientAnswer:
    fresh = versioned_update(answer, expected_version=expected_version, changes={
        "status": AnswerStatus.WAITING, "reviewed_by": "", "reviewed_at": None})
    _audit(actor, "portal.answer.reopened", answer.case, answer)
    return fresh


# --- uploads ---------------------------------------------------------------------------------------

PHOTO_TYPES = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "HEIF": "jpg", "MPO": "jpg"}


def photo_without_location(data: bytes) -> tuple[bytes, str] | None:
    """A photo with its metadata (EXIF: place, time, camera) taken out, pixels kept; None for a
    file that is not a photo. The picture is turned the way the camera meant it first."""
    from PIL import Image, ImageOps, UnidentifiedImageError
    from pillow_heif import register_heif_opener

    register_heif_opener()
    try:
        with Image.open(io.BytesIO(data)) as image:
            fmt = image.format or ""
            if fmt not in PHOTO_TYPES:
                return None
            upright = ImageOps.exif_transpose(image)
            save_as = "JPEG" if PHOTO_TYPES[fmt] == "jpg" else fmt
            if upright.mode not in ("RGB", "L") and (save_as == "JPEG" or upright.mode == "P"):
                upright = upright.convert("RGB" if save_as == "JPEG" else "RGBA")
            clean = Image.frombytes(upright.mode, upright.size, upright.tobytes())  # the pixels, no metadata
            out = io.BytesIO()
            clean.save(out, format=save_as, quality=95)
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        return None
    return out.getvalue(), PHOTO_TYPES[fmt]


@transaction.atomic
def client_upload(*, actor: User, access: ClientAccess, stream: BinaryIO, filename: str, note: str = "") -> Document:
    """A file from the client's phone into the case, with its custody: hashed as it arrived, then,
    for a photo, stripped of its location and camera data before it is stored."""
    from article3.evidence.services import document_add

    data = stream.read(settings.MAX_FILE_BYTES + 1)
    if len(data) > settings.MAX_FILE_BYTES:
        raise DomainError(_("This file is too large. Please send files under %(mb)s MB.")
                          % {"mb": settings.MAX_FILE_BYTES // 1_048_576})
    received = hashlib.sha256(data).hexdigest()
    photo = photo_without_location(data)
    if photo is not None:
        data, extension = photo
        filename = f"{Path(filename).stem or 'photo'}.{extension}"
    document = document_add(actor=actor, case=access.case, stream=io.BytesIO(data), filename=filename,
                            kind=DocumentKind.OTHER, title=note, received_from="the client",
                            received_how="uploaded through the client portal")
    CustodyEntry.objects.create(
        document=document, actor=actor_label(actor), action="received", input_sha256=received,
        output_sha256=document.original_sha256,
        note=("uploaded by the client through the portal; photo location and camera data removed"
              if photo is not None else "uploaded by the client through the portal"))
    ClientUpload.objects.create(case=access.case, author=access, document=document, received_sha256=received,
                                location_removed=photo is not None)
    _audit(actor, "portal.document.uploaded", access.case, document)
    _notify_team(access.case)
    return document


# --- messages --------------------------------------------------------------------------------------

@transaction.atomic
def message_send(*, actor: User, case: Case, from_client: bool, body: str) -> Message:
    if not body.strip():
        raise DomainError(_("Write your message first."))
    if len(body) > 10_000:
        raise DomainError(_("This message is too long. Please split it in two."))
    sender = "" if from_client else (actor.get_full_name() or actor.email)
    message = Message.objects.create(case=case, from_client=from_client, sender=sender[:200], body=body.strip())
    _audit(actor, "portal.message.sent", case, message)
    if from_client:
        _notify_team(case)
    else:
        for access in case.client_accesses.filter(ended_at__isnull=True).select_related("user"):
            with override(language_of(user_id=access.user_id)):
                body = _("You have a new message from your legal team. Sign in to read it: %(site)s")
                _mail(_("You have a message"), body % {"site": settings.SITE_URL}, [access.user.email])
    return message


def messages_read(*, case: Case, by_client: bool) -> None:
    """Mark as read what the other side sent."""
    case.client_messages.filter(from_client=not by_client, read_at__isnull=True).update(read_at=timezone.now())


def _notify_team(case: Case) -> None:
    attorneys = CaseMember.objects.filter(case=case, user__is_active=True, role__in=("attorney", "admin"))
    for user_id, email in attorneys.values_list("user_id", "user__email"):
        with override(language_of(user_id=user_id)):
            body = _("A client has sent something on one of your cases. Sign in to read it: %(site)s")
            _mail(_("Article3: something new from a client"), body % {"site": settings.SITE_URL}, [email])
