"""URLs are built without importing views; a server imports them all when it starts."""

import os
import subprocess
import sys

import pytest

CHECK = """
import sys, django
django.setup()
{body}
print(",".join(sorted(m for m in sys.modules if m.startswith("article3.") and m.endswith(".views"))))
"""


def _views_loaded_after(body: str) -> set[str]:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "article3.settings"}
    done = subprocess.run([sys.executable, "-c", CHECK.format(body=body)], env=env, capture_output=True, text=True,
                          check=True)
    return set(filter(None, done.stdout.strip().split(",")))


def test_building_a_url_imports_no_view() -> None:
    loaded = _views_loaded_after("from django.urls import reverse; "
                                 "reverse('case_detail', kwargs={'case_id': '6f1b2c3d-0000-4000-8000-000000000000'})")
    assert loaded == set()


def test_the_server_imports_every_view_at_start() -> None:
    loaded = _views_loaded_after("import article3.wsgi")
    assert {"article3.evidence.views", "article3.cases.views", "article3.bundles.views"} <= loaded


def test_a_lazy_view_answers_like_the_view(as_alice, case) -> None:  # type: ignore[no-untyped-def]
    from django.urls import resolve

    from article3.cases import views

    match = resolve(f"/cases/{case.public_id}/")
    assert match.func.view is views.case_detail  # type: ignore[attr-defined]
    assert as_alice.get(f"/cases/{case.public_id}/").status_code == 200


@pytest.mark.parametrize(("urlconf", "known"), [("article3.case_urls", {"case_detail", "case_team"}),
                                                ("article3.deadlines.urls", {"deadlines_case"})])
def test_the_case_pages_alone_give_the_addresses_the_site_gives(urlconf: str, known: set[str]) -> None:
    """The command line builds a case's address from article3/case_urls.py (or the deadlines' routes)
    alone: the same address."""
    import uuid

    from django.urls import get_resolver, reverse

    light = get_resolver(urlconf)
    names = [name for name in light.reverse_dict if isinstance(name, str)]
    assert known <= set(names) and len(names) > 10
    case_id = uuid.uuid4()
    for name in names:
        for candidate in light.reverse_dict.getlist(name):
            params = candidate[0][0][1]  # the first pattern's parameter names
            kwargs = {param: (case_id if param == "case_id" else "1") for param in params}
            assert reverse(name, urlconf=urlconf, kwargs=kwargs) == reverse(name, kwargs=kwargs), name
