"""The account pages in the reader's language: a client in Arabic or Russian (their account, password,
second factor and recovery codes, and a sign-in error), a member of the organisation in French or
Spanish (the organisation's people)."""

import re
from html import unescape

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from article3.accounts.models import LanguagePreference, Organisation, Role
from tests.conftest import PASSWORD, client_for, client_speaking, make_user

pytestmark = pytest.mark.django_db

# English a client must not read on any of their account pages.
CLIENT_ENGLISH = ("My account", "Change your password", "Second factor", "Sessions", "Sign out of other sessions",
                  "Your account is protected by your password only.", "Set up an authenticator app",
                  "Your other sessions are signed out when the password changes.", "Change password",
                  "Set up your second factor", "Scan this code", "Continue", "Recovery codes",
                  "Write these down or print them now", "I have kept them", "recovery codes left",
                  "That email and password do not match an account.", "Code from your authenticator app",
                  "Email address", "Password")

CLIENT_WORDS = {
    "ar": ("حسابي", "غيّر كلمة المرور", "خطوة التحقق الثانية", "الخروج من الأجهزة الأخرى", "أعِدّ خطوة التحقق الثانية",
           "رموز الاسترداد", "اكتب هذه الرموز أو اطبعها الآن", "البريد الإلكتروني وكلمة المرور غير صحيحين."),
    "ru": ("Моя учётная запись", "Сменить пароль", "Второй шаг входа", "Выйти на других устройствах",
           "Настройте второй шаг входа", "Резервные коды", "Запишите или распечатайте их сейчас",
           "Неверный адрес электронной почты или пароль."),
}


def _main(html: str) -> str:
    """The page's own content (the header's menu belongs to base.html), unescaped, without its tags."""
    return unescape(re.sub(r"<[^>]+>", " ", html.split("<main>", 1)[1].split("</main>", 1)[0]))


def _client_pages(applicant: User, language: str) -> str:
    LanguagePreference.objects.update_or_create(user=applicant, defaults={"language": language})
    wrong = Client().post(reverse("login"), {"email": applicant.email, "password": "not the password at all"},
                          headers={"accept-language": language})
    client = Client()
    assert client.post(reverse("login"), {"email": applicant.email, "password": PASSWORD}).status_code == 302
    pages = [wrong.content.decode()]
    for name in ("account", "account_password", "account_recovery_codes", "two_factor"):
        response = client.get(reverse(name))
        assert response.status_code == 200, name
        pages.append(response.content.decode())
    device = TOTPDevice.objects.get(user=applicant)
    client.post(reverse("two_factor"), {"token": f"{totp(device.bin_key):06d}"})
    pages.append(client.post(reverse("account_recovery_codes")).content.decode())  # the new codes, shown once
    pages.append(client.get(reverse("account")).content.decode())  # how many are left
    return "\n".join(_main(page) for page in pages)


@pytest.mark.parametrize("language", ["ar", "ru"])
def test_a_client_reads_their_account_pages_in_their_language(applicant: User, language: str) -> None:
    text = _client_pages(applicant, language)
    for words in CLIENT_WORDS[language]:
        assert words in text, words
    for english in CLIENT_ENGLISH:
        assert english not in text, english


def test_a_wrong_code_is_said_in_the_clients_language(applicant: User) -> None:
    LanguagePreference.objects.update_or_create(user=applicant, defaults={"language": "ru"})
    client = Client()
    client.post(reverse("login"), {"email": applicant.email, "password": PASSWORD})
    client.get(reverse("two_factor"))
    page = _main(client.post(reverse("two_factor"), {"token": "000000"}).content.decode())
    assert "Этот код неверный или уже устарел." in page and "That code is not right" not in page
    page = _main(client.post(reverse("two_factor"), {"token": "no"}).content.decode())
    assert "Введите 6-значный код" in page and "Enter the 6-digit code" not in page


def _admin_in(org: Organisation, language: str) -> Client:
    return client_speaking(make_user(org, f"admin-{language}@example.org", Role.ADMIN), language)


@pytest.mark.parametrize(("language", "translated", "english"), [
    ("fr", ("Personnes de", "Second facteur", "Exiger un second facteur pour tous", "Dernière connexion",
            "Nouveau lien de mot de passe", "Inviter une personne", "Assistant(e) juridique / étudiant(e)",
            "Adresse électronique"),
     ("People in", "Second factor", "Require a second factor for everyone", "Last sign-in", "New password link",
      "Invite someone", "Paralegal / clinic student")),
    ("es", ("Personas de", "Segundo factor", "Exigir un segundo factor a todos", "Último inicio de sesión",
            "Invitar a una persona", "Asistente jurídico / estudiante de la clínica"),
     ("People in", "Second factor", "Invite someone", "Paralegal / clinic student")),
])
def test_a_member_manages_the_organisations_people_in_their_language(
        org_a: Organisation, alice: User, language: str, translated: tuple[str, ...], english: tuple[str, ...]) -> None:
    client = _admin_in(org_a, language)
    html = client.get(reverse("org_users")).content.decode()
    label = {"fr": "Rôle de alice@example.org", "es": "Función de alice@example.org"}[language]
    assert f'aria-label="{label}"' in html
    page = _main(html)
    for words in translated:
        assert words in page, words
    for words in english:
        assert words not in page, words
    invited = _main(client.post(reverse("org_users"), {"email": "new@example.org", "role": "paralegal"})
                    .content.decode())
    assert {"fr": "new@example.org est invité(e) : le lien ci-dessous lui a été envoyé par courriel.",
            "es": "new@example.org ha sido invitado/a: el enlace siguiente se le ha enviado"}[language] in invited
    changed = client.post(reverse("org_user_role", args=[alice.pk]), {"role": "viewer"}, follow=True)
    assert {"fr": "Le rôle de alice@example.org a été modifié.",
            "es": "Se ha cambiado la función de alice@example.org."}[language] in _main(changed.content.decode())


def test_a_french_member_reads_their_account_page_in_french(org_a: Organisation) -> None:
    page = _main(_admin_in(org_a, "fr").get(reverse("account")).content.decode())
    assert "Mon compte" in page and "Jetons d’accès" in page and "Personnes de l’organisation" in page
    assert "My account" not in page and "Access tokens" not in page


def test_a_client_is_not_offered_the_api_tokens_a_member_has(applicant: User, org_a: Organisation) -> None:
    client = Client()
    client.post(reverse("login"), {"email": applicant.email, "password": PASSWORD})
    assert reverse("account_tokens") not in client.get(reverse("account")).content.decode(), "a dead link for a client"
    member = client_for(make_user(org_a, "member@example.org", Role.ATTORNEY))
    assert reverse("account_tokens") in member.get(reverse("account")).content.decode()
