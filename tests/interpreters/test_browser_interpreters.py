"""In Chromium: an attorney adds an interpreter to the organisation's list, books her for the hearing of a
client who needs Sudanese Arabic, and sees the case's warning go."""

import datetime

import pytest
from django.utils import timezone
from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from article3.accounts.models import Organisation
from tests.conftest import PASSWORD
from tests.test_browser import _sign_in, _submit, browser  # noqa: F401  (the fixture)


def _case(org: Organisation) -> str:
    from article3.accounts.services import user_create
    from article3.cases.models import Applicant
    from article3.cases.services import case_create

    user = user_create(actor="test", organisation=org, email="ana@example.org", role="attorney", password=PASSWORD)
    case = case_create(actor=user, organisation=org, reference="INT-2026-001", forum="us-eoir",
                       country_of_return="SD", applicant_name="Client Example", owner_id=user.pk,
                       hearing_date=timezone.localdate() + datetime.timedelta(days=40))
    Applicant.objects.filter(case=case).update(interpreter_language="ar", interpreter_dialect="Sudanese")
    return str(case.public_id)


def _type(browser: webdriver.Chrome, name: str, text: str) -> None:  # noqa: F811
    field = browser.find_element(By.NAME, name)
    field.clear()
    field.send_keys(text)


@pytest.mark.django_db(transaction=True)
def test_add_an_interpreter_book_her_for_the_hearing_and_the_warning_goes(
        browser: webdriver.Chrome, live_server: object) -> None:  # noqa: F811
    org = Organisation.objects.create(slug="default", name="Default")
    case_id = _case(org)
    base = live_server.url  # type: ignore[attr-defined]
    _sign_in(browser, base, "ana@example.org")

    browser.get(f"{base}/cases/{case_id}/")
    findings = browser.find_element(By.ID, "high-findings").text
    assert "No interpreter is booked for the hearing" in findings and "Arabic (Sudanese)" in findings
    assert "Needs an interpreter in Arabic (Sudanese)" in browser.find_element(By.ID, "interpreting").text

    _submit(browser, browser.find_element(By.LINK_TEXT, "Interpreters"))  # the main navigation
    assert "No interpreters yet" in browser.find_element(By.TAG_NAME, "main").text
    _type(browser, "name", "Amal Hassan")
    _type(browser, "languages", "Arabic — Sudanese\nTigrinya")
    Select(browser.find_element(By.NAME, "gender")).select_by_visible_text("Woman")
    _type(browser, "qualifications", "Court certified, 2019")
    _type(browser, "contact", "+44 7700 900123")
    _submit(browser, browser.find_element(By.XPATH, "//button[text()='Add to the list']"))
    row = browser.find_element(By.CSS_SELECTOR, "table.interpreters tbody tr").text
    assert "Amal Hassan" in row and "Arabic — Sudanese; Tigrinya" in row and "Woman" in row

    browser.get(f"{base}/cases/{case_id}/hearing/")
    _submit(browser, browser.find_element(By.CSS_SELECTOR, "p.actions").find_element(By.LINK_TEXT, "Interpreters"))
    warning = browser.find_element(By.CSS_SELECTOR, ".interpreter-warnings").text
    assert "No interpreter is booked for the hearing" in warning
    _submit(browser, browser.find_element(By.LINK_TEXT, "Book an interpreter"))
    assert Select(browser.find_element(By.NAME, "kind")).first_selected_option.text == "Hearing"
    assert browser.find_element(By.CSS_SELECTOR, "main [name=language]").get_attribute("value") == "Arabic"
    assert browser.find_element(By.NAME, "dialect").get_attribute("value") == "Sudanese"
    Select(browser.find_element(By.NAME, "interpreter")).select_by_index(1)
    _submit(browser, browser.find_element(By.XPATH, "//button[text()='Book']"))

    main = browser.find_element(By.TAG_NAME, "main").text
    assert "Amal Hassan is booked for the hearing on" in main
    assert "Speaks the language needed; no conflict recorded." in main
    assert not browser.find_elements(By.CSS_SELECTOR, ".interpreter-warnings")
    browser.get(f"{base}/cases/{case_id}/")
    assert "No interpreter is booked" not in browser.find_element(By.ID, "cockpit").text
