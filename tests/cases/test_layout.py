"""Every page: a title naming it, the current case tab marked, a user menu with account, 2FA and sign-out."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from article3.cases.models import Case

pytestmark = pytest.mark.django_db


def current_tabs(html: str) -> list[str]:
    return re.findall(r'<a href="[^"]+" aria-current="page" class="current">([^<]+)</a>', html)


@pytest.mark.parametrize(("name", "extra", "tab"), [
    ("case_detail", {}, "Overview"),
    ("case_chronology", {}, "Chronology"),
    ("case_event_add", {}, "Chronology"),
    ("case_gaps", {}, "Elements"),
    ("deadlines_case", {}, "Deadlines"),
    ("case_package", {}, "Export"),
])
def test_the_current_tab_is_marked(case: Case, as_alice: Client, name: str, extra: dict[str, str], tab: str) -> None:
    html = as_alice.get(reverse(name, kwargs={"case_id": case.public_id, **extra})).content.decode()
    assert current_tabs(html) == [tab]


def test_pages_have_titles_naming_them(case: Case, as_alice: Client) -> None:
    for name, title in (("case_people", "People · A-2026-001"), ("evidence", "Evidence · A-2026-001"),
                        ("case_gaps", "Gap report · A-2026-001")):
        html = as_alice.get(reverse(name, kwargs={"case_id": case.public_id})).content.decode()
        assert f"<title>{title}" in html
    assert "<title>Your cases · Article3</title>" in as_alice.get(reverse("dashboard")).content.decode()


def test_the_user_menu_offers_account_two_factor_and_sign_out(as_alice: Client) -> None:
    html = as_alice.get(reverse("dashboard")).content.decode()
    menu = html[html.index('<details class="user-menu">'): html.index("</details>")]
    assert "alice@example.org" in menu
    assert f'href="{reverse("account")}"' in menu and f'href="{reverse("account")}#second-factor"' in menu
    assert f'action="{reverse("logout")}"' in menu and "Sign out" in menu
    assert 'id="second-factor"' in as_alice.get(reverse("account")).content.decode()
