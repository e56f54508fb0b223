"""A person makes a token on their account page, an integration uses it, and the person revokes it."""

import httpx
import pytest
from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from article3.accounts.models import Organisation
from tests.test_browser import _sign_in, _submit, browser  # noqa: F401 (the fixture)


@pytest.mark.django_db(transaction=True)
def test_make_use_and_revoke_a_token(browser: webdriver.Chrome, live_server: object) -> None:  # noqa: F811
    from article3.accounts.services import user_create
    from article3.cases.services import case_create

    org = Organisation.objects.create(slug="clinic", name="Clinic")
    person = user_create(actor="test", organisation=org, email="ana@example.org", role="attorney",
                         password="correct horse battery staple")
    case_create(actor="test", organisation=org, reference="T-1", forum="us-eoir", country_of_return="CM",
                applicant_name="Test Applicant", owner_id=person.pk)
    base = live_server.url  # type: ignore[attr-defined]

    _sign_in(browser, base, "ana@example.org")
    browser.get(f"{base}/accounts/")
    _submit(browser, browser.find_element(By.LINK_TEXT, "Access tokens"))
    assert "You have no tokens." in browser.page_source
    form = browser.find_element(By.ID, "token-form")
    form.find_element(By.NAME, "name").send_keys("LegalServer sync")
    Select(form.find_element(By.NAME, "scope")).select_by_visible_text("Read only")
    days = form.find_element(By.NAME, "days")
    days.clear()
    days.send_keys("30")
    _submit(browser, form.find_element(By.CSS_SELECTOR, "button[type=submit]"))
    secret = browser.execute_script("return document.getElementById('new-token').textContent.trim();")
    assert secret.startswith("a3p_") and "shown only this once" in browser.page_source

    headers = {"Authorization": f"Bearer {secret}"}
    cases = httpx.get(f"{base}/api/v1/cases/", headers=headers)
    assert cases.status_code == 200 and cases.json()["results"][0]["reference"] == "T-1"
    refused = httpx.post(f"{base}/api/v1/cases/", headers=headers, json={"reference": "T-2"})
    assert refused.status_code == 403, "a read-only token cannot open a case"

    _submit(browser, browser.find_element(By.LINK_TEXT, "I have kept it: back to my tokens"))
    row = browser.execute_script("return document.querySelector('#tokens tbody tr').textContent;")
    assert "LegalServer sync" in row and "Read only" in row and "not yet" not in row and secret not in row
    _submit(browser, browser.find_element(By.XPATH, "//table[@id='tokens']//button[text()='Revoke']"))
    assert "was revoked: it no longer works" in browser.page_source
    assert httpx.get(f"{base}/api/v1/cases/", headers=headers).status_code == 401


@pytest.mark.django_db(transaction=True)
def test_the_documentation_page_shows_every_operation(browser: webdriver.Chrome,  # noqa: F811
                                                      live_server: object) -> None:
    """Served from local files under the app's CSP: Swagger UI starts and lists the operations."""
    from selenium.webdriver.support.ui import WebDriverWait

    browser.get(f"{live_server.url}/api/v1/docs/")  # type: ignore[attr-defined]
    WebDriverWait(browser, 30).until(lambda b: b.execute_script(
        "return document.querySelectorAll('.opblock').length;") >= 20)
    page = browser.execute_script("return document.body.innerText;")
    assert "Article3 API" in page and "/api/v1/cases/{case_id}/bundles/" in page
