"""In Chromium, the instance operator corrects a French phrase of the client portal, and the client
reads the correction at once; rosetta's pages work under the site's Content-Security-Policy."""

from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from selenium import webdriver
from selenium.webdriver.common.by import By

from article3.accounts.models import LanguagePreference
from article3.audit.models import AuditEntry
from tests.accounts.test_translation_review import CORRECTED, PHRASE, catalogue_copy, operator  # noqa: F401
from tests.test_browser import _sign_in, _submit, browser  # noqa: F401 (the fixture)


def _code(browser: webdriver.Chrome, user: User) -> None:  # noqa: F811
    device = TOTPDevice.objects.get(user=user)
    browser.find_element(By.NAME, "token").send_keys(f"{totp(device.bin_key):06d}")
    _submit(browser, browser.find_element(By.CSS_SELECTOR, "main button[type=submit]"))


def _blocked_by_the_policy(browser: webdriver.Chrome) -> list[str]:  # noqa: F811
    log = browser.get_log("browser")  # type: ignore[no-untyped-call]
    return [entry["message"] for entry in log if "Content Security Policy" in entry["message"]]


@pytest.mark.django_db(transaction=True)
def test_the_operator_corrects_a_french_phrase_and_the_portal_shows_it(
        browser: webdriver.Chrome, live_server: object, operator: User, applicant: User,  # noqa: F811
        catalogue_copy: Path) -> None:  # noqa: F811
    base = live_server.url  # type: ignore[attr-defined]
    _sign_in(browser, base, operator.email)
    _code(browser, operator)

    browser.get(f"{base}/translations/")
    row = browser.find_element(By.XPATH, f"//tr[td[@class='hint' and text()='{catalogue_copy.resolve()}']]")
    _submit(browser, row.find_element(By.TAG_NAME, "a"))
    assert browser.execute_script("return typeof rosetta_settings") == "object", "rosetta's script ran"
    browser.find_element(By.ID, "searchbar").send_keys(PHRASE)
    _submit(browser, browser.find_element(By.NAME, "s"))
    field = browser.find_element(By.XPATH, f"//tr[td/span[@class='message' and text()='{PHRASE}']]//textarea")
    field.clear()
    field.send_keys(CORRECTED)
    _submit(browser, browser.find_element(By.NAME, "_next"))
    assert _blocked_by_the_policy(browser) == []
    assert AuditEntry.objects.filter(action="translations.entry.changed", actor=f"user:{operator.pk}").exists()

    browser.delete_all_cookies()
    LanguagePreference.objects.update_or_create(user=applicant, defaults={"language": "fr"})
    _sign_in(browser, base, applicant.email)
    assert browser.current_url.endswith("/portal/")
    assert CORRECTED in browser.page_source and "Écrire à votre équipe juridique" not in browser.page_source
