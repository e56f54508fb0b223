"""A person in a real browser: headless Chromium signs in and opens the demo case."""

import shutil
from collections.abc import Iterator
from typing import Any

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By

from article3.accounts.models import Organisation
from tests.conftest import PASSWORD


@pytest.fixture
def browser() -> Iterator[webdriver.Chrome]:
    chromium, driver = shutil.which("chromium"), shutil.which("chromedriver")
    assert chromium and driver, "install Debian's chromium and chromium-driver (make install does)"
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage"):
        options.add_argument(flag)
    chrome = webdriver.Chrome(service=Service(driver), options=options)
    chrome.set_page_load_timeout(30)
    yield chrome
    chrome.quit()


@pytest.mark.django_db(transaction=True)
def test_sign_in_and_open_the_demo_case(browser: webdriver.Chrome, live_server: object) -> None:
    from article3.accounts.services import user_create
    from article3.demo import demo_load

    org = Organisation.objects.create(slug="default", name="Default")
    user_create(actor="test", organisation=org, email="admin@article3.local", role="admin", password=PASSWORD)
    demo_load(actor="test", organisation=org)
    base = live_server.url  # type: ignore[attr-defined]

    browser.get(f"{base}/")
    assert "Sign in" in browser.find_element(By.TAG_NAME, "h1").text
    browser.find_element(By.NAME, "email").send_keys("admin@article3.local")
    browser.find_element(By.NAME, "password").send_keys(PASSWORD)
    browser.find_element(By.CSS_SELECTOR, "button[type=submit]").click()

    browser.find_element(By.LINK_TEXT, "DEMO-2026-001").click()
    assert "DEMO-2026-001" in browser.find_element(By.TAG_NAME, "h1").text
    assert "Joseph Tabe" in browser.page_source
    browser.find_element(By.LINK_TEXT, "Chronology").click()
    assert "Arrested at a checkpoint" in browser.page_source


@pytest.mark.django_db(transaction=True)
def test_replace_an_original_in_the_browser(browser: webdriver.Chrome, live_server: object, tmp_path: Any) -> None:
    """The replace form sends the file with progress, then the page shows the new original and
    that the translation needs review."""
    from selenium.webdriver.support.ui import WebDriverWait

    from article3.accounts.services import user_create
    from article3.cases.models import Case
    from article3.demo import demo_load
    from article3.evidence.models import Document

    org = Organisation.objects.create(slug="default", name="Default")
    user_create(actor="test", organisation=org, email="admin@article3.local", role="admin", password=PASSWORD)
    demo_load(actor="test", organisation=org)
    case = Case.objects.get(reference="DEMO-2026-001")
    summons = Document.objects.get(case=case, key="d-summons")
    scan = tmp_path / "convocation-clearer.txt"
    scan.write_text("Convocation de la gendarmerie, copie plus lisible.")
    base = live_server.url  # type: ignore[attr-defined]

    browser.get(f"{base}/")
    browser.find_element(By.NAME, "email").send_keys("admin@article3.local")
    browser.find_element(By.NAME, "password").send_keys(PASSWORD)
    browser.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    browser.get(f"{base}/cases/{case.public_id}/evidence/d-summons/")
    browser.find_element(By.CSS_SELECTOR, "#replace summary").click()
    form = browser.find_element(By.ID, "replace-form")
    form.find_element(By.NAME, "file").send_keys(str(scan))
    form.find_element(By.NAME, "reason").send_keys("clearer copy received from the clinic")
    form.find_element(By.NAME, "confirm").click()
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()

    WebDriverWait(browser, 60).until(lambda b: "was replaced with convocation-clearer.txt" in b.page_source)
    assert "linked translation now needs review" in browser.page_source
    assert "Previous originals" in browser.page_source
    summons.refresh_from_db()
    assert summons.original_name == "convocation-clearer.txt"
    assert Document.objects.get(case=case, key="d-summons-en").needs_review
