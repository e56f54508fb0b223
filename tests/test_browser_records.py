"""A person in Chromium corrects the record: edits and deletes a feared agent and an attempt at
protection, adds a deadline of the team's own, marks one done and undoes it, and moves the
hearing date to see the pre-hearing deadline follow."""

import datetime
from typing import Any

import pytest
from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from article3.accounts.models import Organisation
from tests.test_browser import _sign_in, _submit, browser  # noqa: F401  (browser is the fixture)


def _case(org: Organisation) -> Any:
    from article3.accounts.services import user_create
    from article3.cases.services import case_create, feared_agent_add
    from article3.chronology.services import remedy_add
    from tests.conftest import PASSWORD

    owner = user_create(actor="test", organisation=org, email="alice@example.org", role="attorney", password=PASSWORD)
    case = case_create(actor=owner, organisation=org, reference="B-2026-7", forum="us-eoir",
                       country_of_return="CM", applicant_name="Test Applicant", owner_id=owner.pk)
    feared_agent_add(actor=owner, case=case, description="Local militia")
    remedy_add(actor=owner, case=case, date="2019-04", body="police", outcome="refused")
    return case


def _type(chrome: webdriver.Chrome, name: str, text: str) -> None:
    field = chrome.find_element(By.NAME, name)
    field.clear()
    field.send_keys(text)


def _set_date(chrome: webdriver.Chrome, name: str, day: datetime.date) -> None:
    """Type a date into a date field the way Chromium's en-US picker takes it: month, day, year."""
    field = chrome.find_element(By.NAME, name)
    field.send_keys(day.strftime("%m%d%Y"))
    assert field.get_attribute("value") == day.isoformat()


def _click(chrome: webdriver.Chrome, text: str, within: str = "main") -> None:
    scope = chrome.find_element(By.CSS_SELECTOR, within)
    target = f".//a[normalize-space()='{text}'] | .//button[normalize-space()='{text}']"
    _submit(chrome, scope.find_element(By.XPATH, target))


def _text(chrome: webdriver.Chrome) -> str:
    return str(chrome.execute_script("return document.querySelector('main').innerText;"))


@pytest.mark.django_db(transaction=True)
def test_edit_and_delete_a_feared_agent_and_an_attempt(browser: webdriver.Chrome, live_server: Any) -> None:  # noqa: F811
    case = _case(Organisation.objects.create(slug="default", name="Default"))
    base = live_server.url
    _sign_in(browser, base, "alice@example.org")
    browser.get(f"{base}/cases/{case.public_id}/intake/")

    _click(browser, "Edit", "#agents")
    _type(browser, "description", "Militia of the mayor")
    _type(browser, "link_to_officials", "Paid by the mayor")
    _click(browser, "Save")
    assert "The feared agent is saved." in _text(browser)
    assert "Militia of the mayor" in browser.find_element(By.ID, "agents").text
    _click(browser, "Delete", "#agents")
    assert "Delete the feared agent “Militia of the mayor”?" in _text(browser)
    _click(browser, "Delete")
    assert "The feared agent is deleted." in _text(browser)
    assert "No feared agents recorded yet." in browser.find_element(By.ID, "agents").text

    _click(browser, "Edit", "#remedies")
    _type(browser, "date", "15/04/2019")
    _click(browser, "Save")
    assert "15/04/2019" in str(browser.execute_script("return document.querySelector('[name=date]').value;"))
    assert case.domestic_remedies.get().date == "2019-04", "a refused date stores nothing"
    _type(browser, "date", "2019-04-15")
    _type(browser, "consequence", "Beaten the next day")
    _click(browser, "Save")
    assert "Beaten the next day" in browser.find_element(By.ID, "remedies").text
    _click(browser, "Delete", "#remedies")
    _click(browser, "Delete")
    assert "The attempt to seek protection is deleted." in _text(browser)
    assert "No attempts recorded." in browser.find_element(By.ID, "remedies").text
    assert not case.domestic_remedies.exists()


@pytest.mark.django_db(transaction=True)
def test_correct_deadlines_in_the_browser(browser: webdriver.Chrome, live_server: Any) -> None:  # noqa: F811
    case = _case(Organisation.objects.create(slug="default", name="Default"))
    base = live_server.url
    _sign_in(browser, base, "alice@example.org")

    browser.get(f"{base}/cases/{case.public_id}/edit/")
    _set_date(browser, "hearing_date", datetime.date(2027, 3, 10))
    _click(browser, "Save")
    assert "Pre-hearing filings (individual hearing, non-detained): due Mon 2027-02-08" in _text(browser)

    browser.get(f"{base}/cases/{case.public_id}/deadlines/")
    assert "Mon 8 Feb 2027" in _text(browser)
    browser.get(f"{base}/cases/{case.public_id}/edit/")
    _set_date(browser, "hearing_date", datetime.date(2027, 4, 14))
    _click(browser, "Save")
    assert "(was Mon 2027-02-08)" in _text(browser)
    browser.get(f"{base}/cases/{case.public_id}/deadlines/")
    page = _text(browser)
    assert "Mon 15 Mar 2027" in page and "Mon 8 Feb 2027" not in page

    form = browser.find_element(By.CSS_SELECTOR, "form[action$='/deadlines/add/']")
    form.find_element(By.NAME, "title").send_keys("File the expert report the judge asked for")
    _set_date(browser, "due", datetime.date(2027, 1, 5))
    _submit(browser, form.find_element(By.CSS_SELECTOR, "button[type=submit]"))
    assert "Deadline added: File the expert report the judge asked for." in _text(browser)
    row = browser.find_element(By.XPATH, "//tr[contains(., 'File the expert report')]")
    assert "Set by the case team" in row.text

    _submit(browser, row.find_element(By.LINK_TEXT, "Mark done"))
    assert "Mark “File the expert report the judge asked for” done?" in _text(browser)
    _click(browser, "Mark done")
    assert "You can undo this." in _text(browser)
    done = browser.find_element(By.XPATH, "//h2[text()='Done']/following-sibling::table[1]")
    assert "File the expert report" in done.text
    _submit(browser, done.find_element(By.LINK_TEXT, "Undo"))
    _click(browser, "Open it again")
    assert "Open again: File the expert report the judge asked for." in _text(browser)
    WebDriverWait(browser, 5).until(lambda b: not b.find_elements(By.XPATH, "//h2[text()='Done']"))
    assert case.deadlines.get(origin="custom").done_at is None
