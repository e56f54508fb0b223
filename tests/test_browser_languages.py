"""A lawyer works in French, then in Spanish: the switcher in the header, the case's tabs and
pages in the chosen language, the choice kept for the next sign-in."""

from typing import Any

import pytest
from django.contrib.auth.models import User
from django.utils import translation
from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from article3.accounts.models import LanguagePreference, Organisation
from tests.conftest import PASSWORD
from tests.test_browser import _sign_in, _submit, browser  # noqa: F401 (the fixture)


def _in(language: str, text: str) -> str:
    with translation.override(language):
        return translation.gettext(text)


def _choose(chrome: webdriver.Chrome, language: str) -> None:
    Select(chrome.find_element(By.ID, "language-choice")).select_by_value(language)
    _submit(chrome, chrome.find_element(By.CSS_SELECTOR, ".language-switcher button[type=submit]"))


@pytest.mark.django_db(transaction=True)
def test_a_lawyer_works_in_french_then_spanish(browser: webdriver.Chrome, live_server: Any) -> None:  # noqa: F811
    from article3.accounts.services import user_create
    from article3.demo import demo_load

    org = Organisation.objects.create(slug="default", name="Default")
    user_create(actor="test", organisation=org, email="admin@article3.local", role="admin", password=PASSWORD)
    demo_load(actor="test", organisation=org)
    base = live_server.url

    _sign_in(browser, base, "admin@article3.local")
    _choose(browser, "fr")
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "fr"
    nav = browser.find_element(By.CSS_SELECTOR, "header nav").text
    assert _in("fr", "Cases") in nav and "Country information" not in nav

    browser.find_element(By.LINK_TEXT, "DEMO-2026-001").click()
    tabs = browser.find_element(By.CSS_SELECTOR, "nav.tabs").text
    for tab in ("Chronology", "Evidence", "Deadlines", "Hearing"):
        assert _in("fr", tab) != tab and _in("fr", tab) in tabs, tab
    _submit(browser, browser.find_element(By.LINK_TEXT, _in("fr", "Chronology")))
    assert "Arrested at a checkpoint" in browser.page_source, "the record itself is never translated"
    assert browser.find_element(By.TAG_NAME, "h1").text != "Chronology"

    _choose(browser, "es")
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "es"
    assert _in("es", "Evidence") in browser.find_element(By.CSS_SELECTOR, "nav.tabs").text
    assert LanguagePreference.objects.get(user=User.objects.get(email="admin@article3.local")).language == "es"
