"""The language of the pages: the browser's on a first visit, then the person's choice, kept on their account."""

import pytest
from django.contrib.auth.models import User
from django.test import Client

from article3.accounts.models import LanguagePreference
from tests.conftest import PASSWORD, client_for

pytestmark = pytest.mark.django_db


def test_a_first_visit_follows_the_browser_and_arabic_runs_right_to_left() -> None:
    page = Client(headers={"accept-language": "ar,en;q=0.5"}).get("/accounts/login/").content.decode()
    assert '<html lang="ar" dir="rtl">' in page
    page = Client(headers={"accept-language": "es"}).get("/accounts/login/").content.decode()
    assert '<html lang="es" dir="ltr">' in page


def test_a_visitor_chooses_a_language_with_a_cookie() -> None:
    client = Client()
    response = client.post("/accounts/language/", {"language": "fa", "next": "/accounts/login/"})
    assert response.status_code == 302 and response["Location"] == "/accounts/login/"
    assert '<html lang="fa" dir="rtl">' in client.get("/accounts/login/").content.decode()


def test_a_choice_is_kept_on_the_account_and_follows_the_person_to_another_device(applicant: User) -> None:
    first = client_for(applicant)
    first.post("/accounts/language/", {"language": "fa", "next": "/"})
    assert LanguagePreference.objects.get(user=applicant).language == "fa"
    other = Client(headers={"accept-language": "en"})
    other.post("/accounts/login/", {"email": applicant.email, "password": PASSWORD})
    assert '<html lang="fa" dir="rtl"' in other.get("/portal/").content.decode()


def test_lawyers_choose_among_the_lawyer_interface_languages(alice: User, settings: object) -> None:
    client = client_for(alice)
    page = client.get("/accounts/").content.decode()
    assert 'value="fr"' in page and 'value="es"' in page and 'value="ar"' not in page
    response = client.post("/accounts/language/", {"language": "ar", "next": "/accounts/"}, follow=True)
    assert "That language is not offered here." in response.content.decode()
    assert not LanguagePreference.objects.filter(user=alice).exists()
    settings.LAWYER_LANGUAGES = ("en",)  # type: ignore[attr-defined]
    assert 'name="language"' not in client.get("/accounts/").content.decode(), "English only: no switcher"


def test_a_link_elsewhere_is_not_followed() -> None:
    response = Client().post("/accounts/language/", {"language": "es", "next": "https://evil.example/"})
    assert response["Location"] == "/"
