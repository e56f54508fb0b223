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
