"""The library pages: search with highlighted snippets and filters, a report's passages, import."""

import re

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from article3.accounts.models import Organisation
from article3.cases.models import Case
from article3.coi.models import Report
from tests.coi import fixtures
from tests.coi.conftest import add_report
from tests.conftest import client_for

pytestmark = pytest.mark.django_db
LIBRARY = "/coi/"


def test_the_library_route() -> None:
    assert reverse("coi_library") == LIBRARY


def test_an_empty_library_says_what_to_do(as_alice) -> None:  # type: ignore[no-untyped-def]
    page = as_alice.get(LIBRARY).content.decode()
    assert "The library is empty" in page and reverse("coi_import") in page


def test_search_shows_highlighted_snippets_and_anchors(as_alice, report_2024: Report, news_nigeria: Report) -> None:  # type: ignore[no-untyped-def]
    page = as_alice.get(LIBRARY, {"q": "journalists"}).content.decode()
    assert "<mark>Journalists</mark> who reported on the separatist conflict" in page
    assert "p. 1, ¶ 4" in page and "1. Political situation &gt; 1.2 Freedom of expression" in page
    assert f"?report={report_2024.pk}#para-4" in page
    filtered = as_alice.get(LIBRARY, {"q": "arrested", "country": "ng"}).content.decode()
    assert "Lagos" in filtered and "Security forces" not in filtered
    since = as_alice.get(LIBRARY, {"q": "arrested", "since": "2024-12"}).content.decode()
    assert "Lagos" in since and "Security forces" not in since
    nothing = as_alice.get(LIBRARY, {"q": "zebra"}).content.decode()
    assert "No passages match these words" in nothing


def test_snippets_escape_the_text(as_alice, org_a: Organisation) -> None:  # type: ignore[no-untyped-def]
    add_report(org_a, b"Detention <script>alert(1)</script> reported.")
    page = as_alice.get(LIBRARY, {"q": "detention"}).content.decode()
    assert "<script>alert(1)</script>" not in page and "alert(1)" in page
    # SQLite's snippet keeps the characters (escaped); PostgreSQL's ts_headline drops tag-like words.


def test_a_bad_since_is_a_form_error(as_alice, report_2024: Report) -> None:  # type: ignore[no-untyped-def]
    response = as_alice.get(LIBRARY, {"q": "torture", "since": "last year"})
    assert response.status_code == 200 and "Give a month as YYYY-MM" in response.content.decode()


def test_a_report_page_lists_its_passages_with_anchors(as_alice, report_2024: Report, report_2023: Report) -> None:  # type: ignore[no-untyped-def]
    page = as_alice.get(LIBRARY, {"report": report_2024.pk}).content.decode()
    assert 'id="para-5"' in page and "p. 2, ¶ 5" in page
    assert "Torture and other ill-treatment in gendarmerie" in page
    assert "https://example.org/cameroon-2024.pdf" in page and "3 pages" in page
    old = as_alice.get(LIBRARY, {"report": report_2023.pk}).content.decode()
    assert "Superseded by a newer edition" in old and f"?report={report_2024.pk}" in old


def test_outsiders_get_404_for_a_report(report_2024: Report, charlie: User) -> None:
    assert client_for(charlie).get(LIBRARY, {"report": report_2024.pk}).status_code == 404
    assert client_for(charlie).get(LIBRARY, {"report": "x"}).status_code == 404
    page = client_for(charlie).get(LIBRARY, {"q": "torture"}).content.decode()
    assert "Torture and other" not in page


def test_choosing_a_case_offers_citing(as_alice, case: Case, report_2024: Report, charlie: User) -> None:  # type: ignore[no-untyped-def]
    page = as_alice.get(LIBRARY, {"q": "journalists", "case": case.public_id}).content.decode()
    passage = report_2024.passages.get(paragraph=4)
    assert f"/cases/{case.public_id}/coi/?cite={passage.pk}" in page
    report_page = as_alice.get(LIBRARY, {"report": report_2024.pk, "case": case.public_id}).content.decode()
    assert "Cite in A-2026-001" in report_page
    assert client_for(charlie).get(LIBRARY, {"case": str(case.public_id)}).status_code == 404


def test_a_malformed_case_id_is_not_found(as_alice) -> None:  # type: ignore[no-untyped-def]
    """Regression: `/coi/?case=abc` was a 500 (the id is not a UUID)."""
    for bad in ("abc", "1", "00000000-0000-0000-0000-00000000000g"):
        assert as_alice.get(LIBRARY, {"case": bad}).status_code == 404


def test_importing_from_the_web(as_alice, bob: User, web_import) -> None:  # type: ignore[no-untyped-def]
    url = reverse("coi_import")
    upload = SimpleUploadedFile("crackdown.html", fixtures.HTML_PAGE.encode(), content_type="text/html")
    response = web_import(as_alice, {"file": upload, "countries": "cm", "publisher": "Rights Monitor",
                                     "doc_type": "news", "url": "https://example.org/crackdown"})
    report = Report.objects.get()
    assert response.status_code == 200 and f"{LIBRARY}?report={report.pk}" in response.content.decode()
    assert report.title == "Cameroon: crackdown on returnees | Rights Monitor"
    assert report.original_name == "crackdown.html"
    again = web_import(as_alice, {"file": SimpleUploadedFile("copy.html", fixtures.HTML_PAGE.encode()),
                                  "countries": "CM", "doc_type": "news"})
    assert "already in the library" in again.content.decode() and Report.objects.count() == 1
    viewer = client_for(bob)
    assert "Only attorneys, paralegals and admins" in viewer.get(url).content.decode()
    assert viewer.post(url, {"countries": "CM"}).status_code == 403


def test_an_unreadable_upload_gets_a_message(as_alice, web_import) -> None:  # type: ignore[no-untyped-def]
    upload = SimpleUploadedFile("scan.pdf", b"%PDF-1.4 garbage", content_type="application/pdf")
    response = web_import(as_alice, {"file": upload, "countries": "CM", "doc_type": "report"})
    assert response.status_code == 200 and "could not be read" in response.content.decode()
    assert not Report.objects.exists()


def test_a_form_error_keeps_the_chosen_file_and_what_was_typed(as_alice, bob: User,  # type: ignore[no-untyped-def]
                                                                web_import) -> None:
    upload = SimpleUploadedFile("crackdown.html", fixtures.HTML_PAGE.encode(), content_type="text/html")
    response = as_alice.post(reverse("coi_import"), {"file": upload, "countries": "CM", "date": "last spring",
                                                      "publisher": "Rights Monitor", "doc_type": "news"})
    html = response.content.decode()
    assert response.status_code == 200 and not Report.objects.exists()
    assert "File kept: <strong>crackdown.html</strong>" in html
    assert re.search(r'<input type="file" name="file"[^>]*required', html) is None, "the browser may send it empty"
    assert 'value="Rights Monitor"' in html and 'value="last spring"' in html, "what was typed is kept"
    token = re.search(r'<input type="hidden" name="kept" value="([^"]+)">', html)
    assert token is not None

    stranger = client_for(bob).post(reverse("coi_import"), {"kept": token.group(1), "countries": "CM"})
    assert stranger.status_code == 403, "a viewer cannot import, kept file or not"
    fixed = {"kept": token.group(1), "countries": "CM", "date": "2024-05", "publisher": "Rights Monitor",
             "doc_type": "news"}
    progress = web_import(as_alice, fixed)
    report = Report.objects.get()
    assert progress.status_code == 200 and report.original_name == "crackdown.html"
    assert report.publisher == "Rights Monitor"
    assert "File kept" not in progress.content.decode(), "the import page shows the import, not the form"


def test_a_kept_file_is_only_for_its_owner(as_alice, org_a: Organisation) -> None:  # type: ignore[no-untyped-def]
    from article3.accounts.models import Role
    from tests.conftest import make_user

    upload = SimpleUploadedFile("crackdown.html", fixtures.HTML_PAGE.encode(), content_type="text/html")
    html = as_alice.post(reverse("coi_import"), {"file": upload, "countries": "CM", "date": "soon",
                                                  "doc_type": "news"}).content.decode()
    token = re.search(r'name="kept" value="([^"]+)"', html).group(1)  # type: ignore[union-attr]
    colleague = client_for(make_user(org_a, "pat@example.org", Role.PARALEGAL))
    response = colleague.post(reverse("coi_import"), {"kept": token, "countries": "CM", "doc_type": "news"})
    assert response.status_code == 200 and "Choose the report file to import." in response.content.decode()
    assert not Report.objects.exists()
    tampered = as_alice.post(reverse("coi_import"), {"kept": token[:-2] + "xx", "countries": "CM",
                                                     "doc_type": "news"})
    assert "Choose the report file to import." in tampered.content.decode()


def test_an_unreadable_file_is_not_kept(as_alice, web_import) -> None:  # type: ignore[no-untyped-def]
    """A file the worker cannot read: the import page says so, and offers no kept copy to import again."""
    upload = SimpleUploadedFile("scan.pdf", b"%PDF-1.4 garbage", content_type="application/pdf")
    html = web_import(as_alice, {"file": upload, "countries": "CM", "doc_type": "report"}).content.decode()
    assert "could not be read" in html and "File kept" not in html
    assert not Report.objects.exists()
