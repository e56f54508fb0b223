"""Error pages look like the rest of the product and lead somewhere."""

import pytest
from django.template.loader import render_to_string
from django.test import Client


@pytest.mark.django_db
def test_a_page_that_does_not_exist_is_a_styled_404_with_a_way_back(as_alice: Client) -> None:
    response = as_alice.get("/cases/6f1b2c3d-0000-4000-8000-000000000000/")
    page = response.content.decode()
    assert response.status_code == 404
    assert "<h1>Not found</h1>" in page and 'href="/"' in page and "site.css" in page
    assert "Sign out" in page, "the signed-in navigation is there"


def test_the_500_page_renders_without_a_request() -> None:
    """Django renders 500.html with no context: it must not need one."""
    page = render_to_string("500.html")
    assert "Something went wrong" in page and 'href="/"' in page


@pytest.mark.django_db
def test_a_client_reading_arabic_gets_the_404_page_in_arabic(applicant: object) -> None:
    from django.utils import translation

    from tests.conftest import client_for

    client = client_for(applicant)  # type: ignore[arg-type]
    client.post("/accounts/language/", {"language": "ar", "next": "/portal/"})
    response = client.get("/portal/no-such-page/")
    page = response.content.decode()
    assert response.status_code == 404 and '<html lang="ar" dir="rtl">' in page
    with translation.override("ar"):
        assert f"<h1>{translation.gettext('Not found')}</h1>" in page and "<h1>Not found</h1>" not in page
        assert translation.gettext("Back to your cases") in page


def test_the_500_page_follows_the_language() -> None:
    from django.utils import translation

    with translation.override("es"):
        page = render_to_string("500.html")
    assert "Se ha producido un error" in page and "Something went wrong" not in page
