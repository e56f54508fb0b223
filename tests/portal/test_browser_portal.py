"""In Chromium: an attorney invites the client in Arabic; the client chooses a password on a phone-sized
window, reads the portal right to left with the safety plan in Arabic, sends a photo, and meets 404
on the team's pages; the attorney sees the photo in the case with its custody."""

import io
from pathlib import Path

import pytest
from django.utils import translation
from PIL import Image
from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

from article3.accounts.models import Organisation
from tests.conftest import PASSWORD
from tests.test_browser import _choose_password, _sign_in, _sign_out, _submit, browser  # noqa: F401

SAFETY_TEXT = "خالتي في العيادة، الهاتف عبر المحامية"


def _photo(folder: Path) -> Path:
    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (48.0, 51.0, 24.0), 3: "E", 4: (2.0, 21.0, 3.0)}
    out = io.BytesIO()
    Image.new("RGB", (80, 60), (10, 120, 40)).save(out, "JPEG", exif=exif)
    path = folder / "IMG_2041.jpg"
    path.write_bytes(out.getvalue())
    return path


def _arabic(text: str) -> str:
    with translation.override("ar"):
        return translation.gettext(text)


@pytest.mark.django_db(transaction=True)
def test_the_client_reads_the_portal_in_arabic_and_sends_a_photo_the_team_sees_with_its_custody(
        browser: webdriver.Chrome, live_server: object, tmp_path: Path, settings: object) -> None:  # noqa: F811
    from article3.accounts.services import user_create
    from article3.cases.models import Case, SafetyPlan
    from article3.cases.services import case_create

    base = live_server.url  # type: ignore[attr-defined]
    settings.SITE_URL = base  # type: ignore[attr-defined]
    org = Organisation.objects.create(slug="default", name="Default")
    lawyer = user_create(actor="test", organisation=org, email="ana@example.org", role="attorney", password=PASSWORD)
    case = case_create(actor=lawyer, organisation=org, reference="P-2026-001", forum="us-eoir",
                       country_of_return="SD", applicant_name="Client Example", owner_id=lawyer.pk)
    SafetyPlan.objects.filter(case=case).update(trusted_contacts=SAFETY_TEXT)

    _sign_in(browser, base, "ana@example.org")
    browser.get(f"{base}/cases/{case.public_id}/")
    _submit(browser, browser.find_element(By.LINK_TEXT, "Client"))
    browser.find_element(By.ID, "client-email").send_keys("client@example.net")
    Select(browser.find_element(By.ID, "client-language")).select_by_value("ar")
    _submit(browser, browser.find_element(By.XPATH, "//button[text()='Invite']"))
    link = browser.find_element(By.CSS_SELECTOR, "code.one-time-link").text
    _sign_out(browser)

    browser.set_window_size(390, 844)  # a phone
    _choose_password(browser, link, "the client's long passphrase 5")
    WebDriverWait(browser, 20).until(lambda b: b.current_url == f"{base}/portal/")
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("dir") == "rtl"
    assert browser.execute_script("return getComputedStyle(document.body).direction") == "rtl"
    _submit(browser, browser.find_element(By.LINK_TEXT, _arabic("Safety plan")))
    assert browser.find_element(By.TAG_NAME, "h1").text == _arabic("Your safety plan") != "Your safety plan"
    assert _arabic("People you trust") in browser.page_source and SAFETY_TEXT in browser.page_source

    _submit(browser, browser.find_element(By.LINK_TEXT, _arabic("Send a photo or document")))
    browser.find_element(By.NAME, "file").send_keys(str(_photo(tmp_path)))
    browser.find_element(By.NAME, "note").send_keys("استدعاء من الشرطة")
    _submit(browser, browser.find_element(By.CSS_SELECTOR, "main form button[type=submit]"))
    assert _arabic("Thank you. Your file was sent safely to your legal team.") in browser.page_source
    browser.get(f"{base}/cases/{case.public_id}/evidence/")
    assert f"<h1>{_arabic('Not found')}</h1>" in browser.page_source, "the team's pages are closed, said in Arabic"
    browser.get(f"{base}/portal/")
    _submit(browser, browser.find_element(By.CSS_SELECTOR, "header form button[type=submit].link"))

    browser.set_window_size(1280, 900)
    _sign_in(browser, base, "ana@example.org")
    document = Case.objects.get(pk=case.pk).documents.get()
    browser.get(f"{base}/cases/{case.public_id}/evidence/{document.key}/")
    assert "استدعاء من الشرطة" in browser.find_element(By.TAG_NAME, "h1").text
    history = browser.page_source
    assert "uploaded by the client through the portal; photo location and camera data removed" in history
    assert document.client_upload.received_sha256[:12] in history
