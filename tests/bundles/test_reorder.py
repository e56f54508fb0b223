"""Putting the exhibits in filing order from the bundle page: buttons, no script."""

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from article3.bundles.inputs import exhibit_order, profile_for
from article3.cases.models import Case
from tests.conftest import PASSWORD
from tests.test_browser import _sign_in, browser  # noqa: F401 (the fixture)


def _order(case: Case) -> list[str]:
    case.refresh_from_db()
    return [d.key for d in exhibit_order(case, profile_for(case.forum))]


@pytest.mark.django_db
def test_the_arrow_buttons_move_one_exhibit(demo_case: Case, as_alice: Client) -> None:
    before = _order(demo_case)
    url = reverse("bundles_reorder", kwargs={"case_id": demo_case.public_id})
    as_alice.post(url, {"order": before, "up": before[1]})
    assert _order(demo_case) == [before[1], before[0], *before[2:]]
    as_alice.post(url, {"order": _order(demo_case), "down": before[1]})
    assert _order(demo_case) == before
    as_alice.post(url, {"order": before, "up": before[0]})  # already first: nothing moves
    assert _order(demo_case) == before


def test_the_page_has_no_inline_script() -> None:
    """Regression: the ↑ button used an inline onclick, which the app's own CSP blocks."""
    from pathlib import Path

    import article3

    page = (Path(article3.__file__).parent / "bundles/templates/bundles/bundles.html").read_text()
    assert "onclick" not in page


@pytest.mark.django_db(transaction=True)
def test_reordering_with_the_buttons_in_a_browser(browser: webdriver.Chrome, live_server: Any) -> None:  # noqa: F811
    from article3.accounts.models import Organisation
    from article3.accounts.services import user_create
    from article3.demo import demo_load

    org = Organisation.objects.create(slug="default", name="Default")
    user_create(actor="test", organisation=org, email="admin@article3.local", role="admin", password=PASSWORD)
    case = demo_load(actor="test", organisation=org)
    assert case is not None
    before = _order(case)
    _sign_in(browser, live_server.url, "admin@article3.local")
    browser.get(f"{live_server.url}/cases/{case.public_id}/bundles/")
    browser.find_element(By.CSS_SELECTOR, f"button[name=up][value='{before[1]}']").click()
    _first_row_becomes(browser, before[1])
    assert _order(case) == [before[1], before[0], *before[2:]]
    browser.find_element(By.CSS_SELECTOR, f"button[name=down][value='{before[1]}']").click()
    _first_row_becomes(browser, before[0])
    assert _order(case) == before


def _first_row_becomes(browser: webdriver.Chrome, key: str) -> None:  # noqa: F811
    """Read the first row in one script call, so a page reload between finding and reading cannot race."""
    first = "const li = document.querySelector('#exhibits li'); return li ? li.dataset.key : null;"
    WebDriverWait(browser, 10).until(lambda b: b.execute_script(first) == key)
