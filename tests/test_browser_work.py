"""A person in Chromium asks for slow work (a document's dates, the gap report as a PDF, a large case
package): the page says it waits, follows the worker, and then shows the statements or the file."""

from typing import Any

import pytest
from django.core.management import call_command
from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from article3.accounts.models import Organisation
from article3.cases.models import Case
from tests.conftest import PASSWORD
from tests.test_browser import _sign_in, _submit, browser  # noqa: F401 (the fixture)

PAGES = ("On 14 March 2019 I was arrested at a checkpoint in Bamenda.\n\n"
         "I was released on 19 March 2019 after my family paid.",)


def _case(settings: Any) -> Case:
    """A case with a declaration already converted, and tasks queued for a worker as in production."""
    from article3.accounts.services import user_create
    from article3.cases.services import case_create
    from tests.chronology.factories import document_for

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    org = Organisation.objects.create(slug="default", name="Default")
    user = user_create(actor="test", organisation=org, email="admin@article3.local", role="attorney",
                       password=PASSWORD)
    case = case_create(actor="test", organisation=org, reference="W-2026-1", forum="us-eoir", country_of_return="CM",
                       applicant_name="Joseph Tabe", owner_id=user.pk)
    document_for(case, "d-declaration", "declaration", pages=PAGES)
    return case


def _worker() -> None:
    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)


def _first_bytes(chrome: webdriver.Chrome, href: str) -> str:
    """The first bytes of a download, fetched by the page (with its cookies) rather than saved to disk."""
    return str(chrome.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "fetch(arguments[0], {credentials: 'same-origin'}).then(r => r.arrayBuffer())"
        ".then(b => done(String.fromCharCode(...new Uint8Array(b.slice(0, 4)))));", href))


def _waits_then_offers_the_file(chrome: webdriver.Chrome) -> str:
    wait = WebDriverWait(chrome, 30)
    wait.until(lambda b: b.find_elements(By.ID, "work-progress"))
    assert chrome.find_element(By.ID, "work-status").text == "Waiting its turn", "nothing made in the request"
    _worker()
    wait.until(lambda b: b.find_elements(By.ID, "work-result"))  # the page followed the worker and reloaded
    link = chrome.find_element(By.CSS_SELECTOR, "#work-result a")
    return str(link.get_attribute("href"))


@pytest.mark.django_db(transaction=True)
def test_a_documents_dated_statements_are_read_on_the_worker(browser: webdriver.Chrome, live_server: Any,  # noqa: F811
                                                             settings: Any) -> None:
    from article3.chronology.models import Event

    case = _case(settings)
    base = live_server.url
    _sign_in(browser, base, "admin@article3.local")
    browser.get(f"{base}/cases/{case.public_id}/chronology/extract/")
    assert "not read yet" in browser.find_element(By.TAG_NAME, "table").text
    _submit(browser, browser.find_element(By.LINK_TEXT, "Declaration"))
    wait = WebDriverWait(browser, 30)
    assert browser.find_element(By.ID, "work-status").text == "Waiting its turn", "nothing read in the request"
    _worker()
    wait.until(lambda b: "2 dated statements found" in b.page_source)
    assert "Bamenda" in browser.find_element(By.ID, "proposals").text
    _submit(browser, browser.find_elements(By.XPATH, "//button[text()='Add as a new event']")[0])
    assert "Added the event" in browser.page_source and Event.objects.filter(case=case).count() == 1
    assert "1 awaiting a decision" in browser.page_source, "the reading is kept: nothing read again"


@pytest.mark.django_db(transaction=True)
def test_the_gap_report_pdf_is_made_on_the_worker(browser: webdriver.Chrome, live_server: Any,  # noqa: F811
                                                  settings: Any) -> None:
    case = _case(settings)
    base = live_server.url
    _sign_in(browser, base, "admin@article3.local")
    browser.get(f"{base}/cases/{case.public_id}/gaps/")
    _submit(browser, browser.find_element(By.XPATH, "//button[text()='Make a PDF of this report']"))
    assert "/exports/" in browser.current_url
    href = _waits_then_offers_the_file(browser)
    assert "gap-report-W-2026-1.pdf" in browser.find_element(By.ID, "work-result").text
    assert _first_bytes(browser, href) == "%PDF"


@pytest.mark.django_db(transaction=True)
def test_a_large_case_package_is_made_on_the_worker(browser: webdriver.Chrome, live_server: Any,  # noqa: F811
                                                    settings: Any) -> None:
    case = _case(settings)
    settings.ARTICLE3_PACKAGE_IN_REQUEST_BYTES = 10  # the declaration is larger than that
    base = live_server.url
    _sign_in(browser, base, "admin@article3.local")
    browser.get(f"{base}/cases/{case.public_id}/package/")
    _submit(browser, browser.find_element(By.XPATH, "//button[text()='Download the signed package']"))
    href = _waits_then_offers_the_file(browser)
    assert "W-2026-1-signed.zip" in browser.find_element(By.ID, "work-result").text
    assert _first_bytes(browser, href) == "PK\x03\x04"
