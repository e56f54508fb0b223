"""A lawyer explains a conflict between sources on the event's page and sees the gap report change."""

from typing import Any

import pytest
from django.urls import reverse
from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

from article3.accounts.models import Organisation
from tests.test_browser import _sign_in, _submit, browser  # noqa: F401 (the fixture)

EXPLANATION = "She dated the arrest from her release papers; the medical report used the month she was seen."


def _severity(browser: webdriver.Chrome, finding_id: str) -> str:  # noqa: F811
    """The severity the gap report shows for one finding, read in one call."""
    return str(browser.execute_script(
        "const row = document.getElementById(arguments[0]);"
        "return row ? row.querySelector('.sev').textContent.trim() : null;", finding_id))


@pytest.mark.django_db(transaction=True)
def test_explaining_a_conflict_lowers_it_in_the_gap_report(browser: webdriver.Chrome,  # noqa: F811
                                                           live_server: Any) -> None:
    from article3.accounts.services import user_create
    from article3.chronology.conflicts import conflicts
    from article3.chronology.selectors import chronology_snapshot
    from article3.demo import demo_load
    from tests.conftest import PASSWORD

    org = Organisation.objects.create(slug="default", name="Default")
    user_create(actor="test", organisation=org, email="admin@article3.local", role="admin", password=PASSWORD)
    case = demo_load(actor="test", organisation=org)
    assert case is not None
    conflict = next(c for c in conflicts(chronology_snapshot(case=case)) if c.finding.code == "date_conflict")
    base = live_server.url
    gaps = base + reverse("case_gaps", kwargs={"case_id": case.public_id})

    _sign_in(browser, base, "admin@article3.local")
    browser.get(gaps)
    assert _severity(browser, conflict.id) == "high"

    browser.get(base + reverse("case_event", kwargs={"case_id": case.public_id, "key": conflict.event_keys[0]}))
    Select(browser.find_element(By.ID, f"status-{conflict.id}")).select_by_value("explained")
    browser.find_element(By.ID, f"note-{conflict.id}").send_keys(EXPLANATION)
    form = browser.find_element(By.ID, f"note-{conflict.id}").find_element(By.XPATH, "./ancestor::form")
    _submit(browser, form.find_element(By.CSS_SELECTOR, "button[type=submit]"))
    assert EXPLANATION in browser.find_element(By.TAG_NAME, "main").text

    browser.get(gaps)
    WebDriverWait(browser, 10).until(lambda b: _severity(b, conflict.id) == "low")
    assert EXPLANATION in browser.find_element(By.ID, conflict.id).text
