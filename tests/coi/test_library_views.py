"""The library pages: search with highlighted snippets and filters, a report's passages, import."""

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


def test_importing_from_the_web(as_alice, bob: User) -> None:  # type: ignore[no-untyped-def]
    url = reverse("coi_import")
    upload = SimpleUploadedFile("crackdown.html", fixtures.HTML_PAGE.encode(), content_type="text/html")
    response = as_alice.post(url, {"file": upload, "countries": "cm", "publisher": "Rights Monitor",
                                   "doc_type": "news", "url": "https://example.org/crackdown"})
    report = Report.objects.get()
    assert response.status_code == 302 and response["Location"] == f"{LIBRARY}?report={report.pk}"
    assert report.title == "Cameroon: crackdown on returnees | Rights Monitor"
    assert report.original_name == "crackdown.html"
    again = as_alice.post(url, {"file": SimpleUploadedFile("copy.html", fixtures.HTML_PAGE.encode()),
                                "countries": "CM", "doc_type": "news"}, follow=True)
    assert "already in the library" in again.content.decode() and Report.objects.count() == 1
    viewer = client_for(bob)
    assert "Only attorneys, paralegals and admins" in viewer.get(url).content.decode()
    assert viewer.post(url, {"countries": "CM"}).status_code == 403


def test_an_unreadable_upload_gets_a_message(as_alice) -> None:  # type: ignore[no-untyped-def]
    upload = SimpleUploadedFile("scan.pdf", b"%PDF-1.4 garbage", content_type="application/pdf")
    response = as_alice.post(reverse("coi_import"), {"file": upload, "countries": "CM", "doc_type": "report"})
    assert response.status_code == 200 and "could not be read" in response.content.decode()
    assert not Report.objects.exists()
