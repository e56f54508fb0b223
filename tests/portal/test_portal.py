"""The client portal: invitation, the client's pages, answers for the team to approve, uploads with
their custody, and messages whose e-mails carry no content."""

import hashlib
import io
import re
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.test import Client
from PIL import Image

from article3.accounts.models import LanguagePreference
from article3.audit.models import AuditEntry
from article3.cases.models import Case
from article3.evidence.storage import vault
from article3.portal.models import ClientAccess, ClientAnswer
from tests.conftest import PASSWORD, client_for

pytestmark = pytest.mark.django_db

SMTP = "django.core.mail.backends.locmem.EmailBackend"


def _photo_with_location() -> bytes:
    exif = Image.Exif()
    gps = {1: "N", 2: (48.0, 51.0, 24.0), 3: "E", 4: (2.0, 21.0, 3.0)}
    exif[0x8825] = gps  # GPSInfo
    exif[0x0110] = "Phone X"  # camera model
    out = io.BytesIO()
    Image.new("RGB", (64, 48), (200, 30, 30)).save(out, "JPEG", exif=exif)
    return out.getvalue()


def test_the_team_invites_the_client_who_chooses_a_password_and_lands_on_the_portal(
        case: Case, alice: User, settings: object, django_capture_on_commit_callbacks: Any) -> None:
    settings.EMAIL_BACKEND = SMTP  # type: ignore[attr-defined]
    lawyer = client_for(alice)
    with django_capture_on_commit_callbacks(execute=True):
        page = lawyer.post(f"/cases/{case.public_id}/client/invite/", {
            "email": "Client@Example.net", "relationship": "applicant", "language": "es"}, follow=True).content.decode()
    link = re.search(r'<code class="one-time-link">(.*?)</code>', page).group(1)  # type: ignore[union-attr]
    assert link.startswith("http") and "/accounts/set-password/" in link
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["client@example.net"]
    assert case.reference not in mail.outbox[0].body and "Test Applicant" not in mail.outbox[0].body
    assert "contraseña" in mail.outbox[0].body, "the invitation is in the client's language"
    assert "one-time-link" not in lawyer.get(f"/cases/{case.public_id}/client/").content.decode(), "shown once"

    browser = Client()
    path = link.split("127.0.0.1:8000", 1)[-1] if "127.0.0.1" in link else link
    passphrase = "a long new pass phrase"
    response = browser.post(path, {"new_password1": passphrase, "new_password2": passphrase}, follow=True)
    assert response.redirect_chain[-1][0] in ("/portal/", "/accounts/login/")
    browser.post("/accounts/login/", {"email": "client@example.net", "password": "a long new pass phrase"})
    home = browser.get("/", follow=True)
    assert home.redirect_chain[-1][0] == "/portal/"
    assert '<html lang="es"' in home.content.decode(), "the language chosen for them"


def test_a_family_member_needs_the_applicants_consent_on_record(case: Case, alice: User) -> None:
    page = client_for(alice).post(f"/cases/{case.public_id}/client/invite/", {
        "email": "brother@example.net", "relationship": "family", "language": "fr"}, follow=True).content.decode()
    assert "when and how the applicant agreed" in page
    assert not ClientAccess.objects.filter(case=case).exists()


def test_the_portal_shows_the_clients_own_case_and_none_of_the_analysis(case: Case, applicant: User) -> None:
    from article3.claims.services import fact_add

    fact_add(actor="test", case=case, text="I was held at the border post.", elements=["custody_or_control"])
    client = client_for(applicant)
    home = client.get("/portal/").content.decode()
    assert '<html lang="ar" dir="rtl">' in home
    for page in ("/portal/", "/portal/questions/", "/portal/safety-plan/", "/portal/messages/", "/portal/send/"):
        text = client.get(page).content.decode()
        for internal in ("Gap report", "Element", "conflict", "Audit log", "element_unsupported", "fact_unsupported"):
            assert internal not in text, f"{page} shows {internal}"
    assert AuditEntry.objects.filter(case_id=case.pk, action="portal.page.viewed").count() == 6  # home twice


def test_the_team_reads_the_clients_visits_in_the_audit_log(case: Case, applicant: User, alice: User) -> None:
    client_for(applicant).get("/portal/safety-plan/")
    log = client_for(alice).get(f"/cases/{case.public_id}/audit/").content.decode()
    assert "Opened, in the client portal," in log and "the safety plan" in log and "portal_" not in log


def test_an_answer_goes_to_the_team_for_approval_and_the_client_can_change_it_until_then(
        case: Case, applicant: User, alice: User) -> None:
    client = client_for(applicant)
    page = client.get("/portal/questions/").content.decode()
    assert 'name="question" value="1"' in page, "the gap report asks the client something"
    client.post("/portal/questions/", {"question": "1", "answer": "قالوا إنني خائن"})
    answer = ClientAnswer.objects.get(case=case)
    assert answer.status == "waiting" and answer.language == "ar" and answer.question
    assert not re.search(r"[\u0600-\u06FF]", answer.question), "the team reads the question in English"

    client.post(f"/portal/answers/{answer.pk}/", {"answer": "قالوا إنني خائن للوطن", "version": answer.version})
    answer.refresh_from_db()
    assert answer.answer == "قالوا إنني خائن للوطن"

    team_page = client_for(alice).get(f"/cases/{case.public_id}/client/").content.decode()
    assert "قالوا إنني خائن للوطن" in team_page
    client_for(alice).post(f"/cases/{case.public_id}/client/answers/{answer.pk}/review/",
                           {"choice": "approve", "version": answer.version})
    answer.refresh_from_db()
    assert answer.status == "approved"
    response = client.post(f"/portal/answers/{answer.pk}/", {"answer": "changed", "version": answer.version},
                           follow=True)
    answer.refresh_from_db()
    assert answer.answer == "قالوا إنني خائن للوطن", "read by the team: no longer changed by the client"
    assert case.documents.count() == 0, "an answer never becomes evidence by itself"
    assert response.status_code == 200


def test_a_voice_answer_is_stored_encrypted_and_downloaded_by_the_team_with_an_audit(
        case: Case, applicant: User, alice: User) -> None:
    voice = io.BytesIO(b"OggS\x00fake voice message")
    voice.name = "answer.ogg"
    client_for(applicant).post("/portal/questions/", {"question": "1", "answer": "", "voice": voice})
    answer = ClientAnswer.objects.get(case=case)
    assert answer.voice_sha256 and answer.voice_type.startswith("audio/")
    response = client_for(alice).get(f"/cases/{case.public_id}/client/answers/{answer.pk}/voice/")
    assert b"".join(response.streaming_content) == b"OggS\x00fake voice message"  # type: ignore[attr-defined]
    assert AuditEntry.objects.filter(action="portal.answer.voice_downloaded", case_id=case.pk).exists()


def test_a_photo_from_the_phone_arrives_without_its_location_and_with_its_custody(
        case: Case, applicant: User) -> None:
    data = _photo_with_location()
    assert b"Phone X" in data
    photo = io.BytesIO(data)
    photo.name = "IMG_0001.jpg"
    client_for(applicant).post("/portal/send/", {"file": photo, "note": "Summons left at my mother's house"})
    document = case.documents.get()
    stored = b"".join(vault().iter_plain(document.original_sha256))
    assert b"Phone X" not in stored and b"Exif" not in stored
    with Image.open(io.BytesIO(stored)) as image:
        assert image.size == (64, 48) and not image.getexif()
    upload = document.client_upload
    assert upload.received_sha256 == hashlib.sha256(data).hexdigest() and upload.location_removed
    custody = [entry.note for entry in document.custody.all()]
    assert any("uploaded by the client" in note for note in custody)
    assert document.received_from == "the client" and document.title == "Summons left at my mother's house"


def test_a_file_that_is_not_a_photo_is_kept_as_it_came(case: Case, applicant: User) -> None:
    letter = io.BytesIO(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    letter.name = "letter.pdf"
    client_for(applicant).post("/portal/send/", {"file": letter})
    document = case.documents.get()
    assert not document.client_upload.location_removed
    assert document.client_upload.received_sha256 == document.original_sha256


def test_messages_both_ways_and_their_emails_carry_no_content(
        case: Case, applicant: User, alice: User, settings: object, django_capture_on_commit_callbacks: Any) -> None:
    settings.EMAIL_BACKEND = SMTP  # type: ignore[attr-defined]
    LanguagePreference.objects.create(user=alice, language="fr")  # the team's notice in the lawyer's language
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client_for(applicant).post("/portal/messages/", {"body": "The police came to my sister's house."})
    assert [m.to for m in mail.outbox] == [[alice.email]]
    assert "police" not in mail.outbox[0].body and "sister" not in mail.outbox[0].subject
    assert mail.outbox[0].subject == "Article3 : du nouveau de la part d’un client"
    team_page = client_for(alice).get(f"/cases/{case.public_id}/client/").content.decode()
    assert "The police came to my sister" in team_page
    with django_capture_on_commit_callbacks(execute=True):
        client_for(alice).post(f"/cases/{case.public_id}/client/messages/", {"body": "We will call you tomorrow."})
    assert mail.outbox[-1].to == [applicant.email] and "tomorrow" not in mail.outbox[-1].body
    portal = client_for(applicant).get("/portal/messages/").content.decode()
    assert "We will call you tomorrow." in portal


def test_ending_access_signs_the_client_out_for_good(case: Case, applicant: User, alice: User) -> None:
    client = Client()
    client.post("/accounts/login/", {"email": applicant.email, "password": PASSWORD})
    assert client.get("/portal/").status_code == 200
    access = ClientAccess.objects.get(user=applicant)
    client_for(alice).post(f"/cases/{case.public_id}/client/access/{access.pk}/end/")
    assert client.get("/portal/").status_code == 302, "the session ended"
    again = Client().post("/accounts/login/", {"email": applicant.email, "password": PASSWORD})
    assert "do not match" in again.content.decode()


def test_a_viewer_cannot_invite(case: Case, bob: User) -> None:
    response = client_for(bob).post(f"/cases/{case.public_id}/client/invite/", {
        "email": "x@example.net", "relationship": "applicant", "language": "es"})
    assert response.status_code == 403 and not ClientAccess.objects.exists()


def test_a_question_or_version_that_is_not_ours_is_refused_plainly(case: Case, applicant: User, alice: User) -> None:
    assert client_for(applicant).post("/portal/questions/", {"question": "x", "answer": "a"}).status_code == 404
    assert client_for(applicant).post("/portal/questions/", {"question": "999", "answer": "a"}).status_code == 404
    client_for(applicant).post("/portal/questions/", {"question": "1", "answer": "a"})
    answer = ClientAnswer.objects.get(case=case)
    response = client_for(alice).post(f"/cases/{case.public_id}/client/answers/{answer.pk}/review/",
                                      {"choice": "approve", "version": "one"}, follow=True)
    answer.refresh_from_db()
    assert answer.status == "waiting" and "Someone else reviewed this answer" in response.content.decode()
