"""A person in a real browser: headless Chromium signs in and opens the demo case."""

import shutil
from collections.abc import Iterator

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
