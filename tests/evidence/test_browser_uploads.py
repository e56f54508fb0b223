"""A paralegal in Chromium: three files at once, one refused, then a withdrawal undone (issue 16)."""

from pathlib import Path

import pytest
from django.contrib.auth.models import User
from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from article3.accounts.models import Organisation, Role
from article3.evidence.models import Document
from tests.test_browser import _sign_in, _submit, browser  # noqa: F401  (the fixture)


def _rows(chrome: webdriver.Chrome) -> dict[str, list[str]]:
    """The upload rows' states and the evidence table's keys, read in one go (the page may change)."""
    return dict(chrome.execute_script(
        "return {states: Array.from(document.querySelectorAll('#upload-progress li')).map(li => li.dataset.state),"
        " keys: Array.from(document.querySelectorAll('#documents tbody tr')).map(tr => tr.dataset.key),"
        " same: [String(window.article3SamePage === true)]};"))


@pytest.mark.django_db(transaction=True)
def test_three_files_one_refused_then_withdraw_and_restore(browser: webdriver.Chrome,  # noqa: F811
                                                           live_server: object, tmp_path: Path) -> None:
    from article3.cases.services import case_create
    from tests.conftest import make_user

    org = Organisation.objects.create(slug="clinic", name="Clinic")
    alice: User = make_user(org, "alice@example.org", Role.ATTORNEY)
    case = case_create(actor=alice, organisation=org, reference="UP-1", forum="us-eoir", country_of_return="CM",
                       applicant_name="Test Applicant", owner_id=alice.pk)
    files = [tmp_path / "statement.txt", tmp_path / "empty.txt", tmp_path / "letter.txt"]
    files[0].write_text("The applicant was detained in March 2019.\n" * 5)
    files[1].write_bytes(b"")
    files[2].write_text("A letter from the clinic about the applicant.\n" * 5)
    base = live_server.url  # type: ignore[attr-defined]

    _sign_in(browser, base, "alice@example.org")
    browser.get(f"{base}/cases/{case.public_id}/evidence/")
    browser.execute_script("window.article3SamePage = true;")  # gone if the page reloads
    browser.find_element(By.CSS_SELECTOR, "#upload-form input[type=file]").send_keys("\n".join(map(str, files)))
    browser.find_element(By.CSS_SELECTOR, "#upload-form button[type=submit]").click()

    WebDriverWait(browser, 90).until(lambda b: sorted(_rows(b)["states"]) == ["ready", "ready", "refused"])
    rows = _rows(browser)
    assert rows["same"] == ["true"], "the new documents appeared without a reload"
    assert len(rows["keys"]) == 2, "both taken files have their row in the evidence table"
    refused = browser.find_element(By.CSS_SELECTOR, "#upload-progress li[data-state=refused]")
    assert "empty.txt" in refused.text and "This file is empty (0 bytes)" in refused.text
    refused.find_element(By.CSS_SELECTOR, "button.dismiss").click()
    WebDriverWait(browser, 10).until(lambda b: sorted(_rows(b)["states"]) == ["ready", "ready"])

    (statement,) = [d for d in Document.objects.filter(case=case) if d.original_name == "statement.txt"]
    assert statement.status == "ready"
    _submit(browser, browser.find_element(By.LINK_TEXT, statement.key))
    browser.find_element(By.CSS_SELECTOR, "#withdrawal summary").click()
    browser.find_element(By.ID, "withdraw_reason").send_keys("the client says this copy is not genuine")
    _submit(browser, browser.find_element(By.CSS_SELECTOR, "#withdraw-form button[type=submit]"))
    assert "The document is withdrawn" in browser.page_source
    assert browser.find_elements(By.ID, "withdrawn-note")
    _submit(browser, browser.find_element(By.XPATH, "//button[text()='Restore this document']"))
    assert "The document is restored" in browser.page_source
    assert not browser.find_elements(By.ID, "withdrawn-note")
    statement.refresh_from_db()
    assert not statement.withdrawn
    assert list(statement.custody.values_list("action", flat=True))[-2:] == ["withdrawn", "restored"]
