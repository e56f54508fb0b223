"""Cited country reports in the bundle: each report an exhibit of the country conditions section,
the annotated index listing its cited passages with the bundle page where their words are."""

import datetime
import io
import re
import subprocess
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from article3.bundles.models import BundleBuild
from article3.bundles.services import build_changes, bundle_request, bundle_run
from article3.cases.models import Case
from article3.coi.bundle import exhibit_key, shorten
from article3.coi.models import CoiCitation, Passage, Report
from article3.coi.services import citation_add
from article3.evidence.services import document_add, document_process
from article3.evidence.storage import vault
from tests.coi import fixtures
from tests.coi.conftest import add_report
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

NO_CHANGES = {"added": [], "removed": [], "changed": [], "moved": []}


def build(case: Case) -> BundleBuild:
    done = bundle_run(build=bundle_request(actor="test", case=case, profile="us-eoir", queue=False))
    assert done.status == "done", done.error_message
    return done


def bundle_file(done: BundleBuild, folder: Path) -> Path:
    path = folder / f"bundle-{done.pk}.pdf"
    path.write_bytes(b"".join(vault().iter_plain(done.volumes.get(number=1).sha256)))
    return path


def page_text(pdf: Path, page: int) -> str:
    result = subprocess.run(["pdftotext", "-layout", "-f", str(page), "-l", str(page), str(pdf), "-"],
                            capture_output=True, check=True)
    return result.stdout.decode()


def flat(text: str) -> str:
    return " ".join(text.split())


def index_page(pdf: Path, pages: int) -> tuple[int, str]:
    for number in range(1, pages + 1):
        text = page_text(pdf, number)
        if "Country conditions index" in text:
            return number, text
    raise AssertionError("the bundle has no country conditions index")


def listed_page(index: str, quote: str) -> int:
    """The number in the pages column of the index row that starts with the quote."""
    start = quote[:30]
    line = next(line for line in index.splitlines() if start in line)
    return int(re.findall(r"(\d+)\s*$", line)[0])


def passage(report: Report, starts: str) -> Passage:
    return report.passages.get(text__startswith=starts)


def cite(case: Case, found: Passage, quote: str = "") -> CoiCitation:
    return citation_add(actor="test", case=case, passage=found, elements=[], quote=quote)


@pytest.fixture
def statement(case: Case) -> None:
    """An ordinary exhibit before the country section, so report pages are not bundle pages."""
    document = document_add(actor="test", case=case, stream=io.BytesIO(b"I was arrested in 2023.\n" * 80),
                            filename="statement.txt", kind="declaration", process=False)
    document_process(document=document, ocr=False)


def test_cited_passages_are_listed_at_the_bundle_page_where_their_words_are(
    case: Case, report_2024: Report, statement: None, tmp_path: Path
) -> None:
    detention = passage(report_2024, "Torture and other ill-treatment")
    returnees = passage(report_2024, "In the North-West and South-West regions")
    assert (detention.page, returnees.page) == (2, 3), "two passages on different pages of the report"
    first = cite(case, detention)
    second = cite(case, returnees, quote="returnees suspected of links with separatist groups were questioned")

    done = build(case)
    key = exhibit_key(report_2024)
    assert [e["key"] for e in done.exhibits][-1] == key, "the report closes the bundle, after the declaration"
    pdf = bundle_file(done, tmp_path)
    number, index = index_page(pdf, done.pages)
    assert report_2024.title in index
    for citation in (first, second):
        page = listed_page(index, citation.quote)
        assert page > number
        assert citation.quote[:60] in flat(page_text(pdf, page)), "the quote is on the page the index gives"
        assert f"p. {citation.page}, ¶ {citation.paragraph}" in flat(index), "the report's own pinpoint"
    report_pages = done.page_map["documents"][key]
    assert listed_page(index, first.quote) == report_pages["start"] + 1, "report page 2"
    assert listed_page(index, second.quote) == report_pages["start"] + 2, "report page 3"
    assert [k for k, _ in done.inputs][-3:] == [key, first.key, second.key]


def test_a_rebuild_without_changes_reports_none_and_a_new_citation_is_a_change(
    case: Case, report_2024: Report
) -> None:
    cite(case, passage(report_2024, "Torture and other ill-treatment"))
    build(case)
    again = build(case)
    assert build_changes(again) == NO_CHANGES
    added = cite(case, passage(report_2024, "Cells were overcrowded"))
    third = build(case)
    assert build_changes(third) == {**NO_CHANGES, "added": [added.key]}


def test_a_web_page_is_laid_out_as_pdf_and_its_passages_found_on_their_page(
    case: Case, org_a: object, tmp_path: Path
) -> None:
    paragraphs = "".join(f"<p>Paragraph {n}: detainees at post {n} described beatings during questioning, "
                         f"denial of medical care and threats against relatives who asked where they were.</p>"
                         for n in range(1, 90))
    page = f"<html><head><title>Long web report</title></head><body><main><h1>Long web report</h1>{paragraphs}" \
           "</main></body></html>"
    report = add_report(org_a, page.encode(), publisher="Web Monitor", date=datetime.date(2025, 6, 1))  # type: ignore[arg-type]
    assert report.file_type == "html" and report.derived_pages >= 3 and report.derived_sha256
    late = passage(report, "Paragraph 80:")
    assert late.page is None and late.pdf_page is not None and late.pdf_page >= 3
    citation = cite(case, late)
    done = build(case)
    pdf = bundle_file(done, tmp_path)
    _, index = index_page(pdf, done.pages)
    listed = listed_page(index, citation.quote)
    assert listed == done.page_map["documents"][exhibit_key(report)]["start"] + late.pdf_page - 1
    assert "Paragraph 80: detainees at post 80" in flat(page_text(pdf, listed))
    assert f"(¶ {late.paragraph})" in flat(index), "no page in the pinpoint of a web page"


def test_reports_follow_the_kind_order_by_publisher_and_dated_ones_warn(case: Case, org_a: object,
                                                                        alice: User) -> None:
    older = add_report(org_a, fixtures.report_pdf(fixtures.REPORT_2023, title="Cameroon: Country Report 2023"),  # type: ignore[arg-type]
                       title="Cameroon: Country Report 2023", publisher="Rights Monitor",
                       date=datetime.date(2023, 3, 1))
    newer = add_report(org_a, fixtures.report_pdf(), publisher="Rights Monitor",  # type: ignore[arg-type]
                       date=datetime.date(2024, 3, 20))
    other = add_report(org_a, fixtures.TEXT_REPORT.encode(), publisher="Amnesty Watch",  # type: ignore[arg-type]
                       date=datetime.date(2025, 1, 10))
    older.refresh_from_db()
    assert older.superseded_by_id == newer.pk
    # Within the pack's 12 months at the hearing, except the superseded 2023 edition.
    Case.objects.filter(pk=case.pk).update(hearing_date=datetime.date(2024, 6, 1))
    stale = cite(case, passage(older, "Reports of ill-treatment"))
    cite(case, passage(newer, "Torture and other ill-treatment"))
    cite(case, passage(other, "Police arrested protesters"))
    done = build(case)
    assert [e["key"] for e in done.exhibits] == [exhibit_key(other), exhibit_key(older), exhibit_key(newer)]
    dated = [w for w in done.warnings if w["code"] == "coi_dated"]
    assert [w["refs"] for w in dated] == [[stale.key]]
    assert "Superseded by a newer edition" in dated[0]["message"] and "Older than 12 months" in dated[0]["message"]
    page = client_for(alice).get(reverse("bundles", kwargs={"case_id": case.public_id})).content.decode()
    section = page[page.index("<h3>Country conditions</h3>"):]
    listed = [section.index(report.title) for report in (other, older, newer)]
    assert listed == sorted(listed), "the bundle page lists cited reports in filing order"
    assert "superseded by a newer edition" in section and "1 passage cited" in section


def test_a_report_imported_before_pdf_forms_gets_one_when_first_bundled(case: Case, report_2024: Report) -> None:
    Report.objects.filter(pk=report_2024.pk).update(derived_sha256="", derived_pages=0)
    report_2024.passages.update(pdf_page=None)
    cite(case, passage(report_2024, "Cells were overcrowded"))
    done = build(case)
    report_2024.refresh_from_db()
    assert report_2024.derived_sha256 and report_2024.derived_pages == 3
    assert passage(report_2024, "Cells were overcrowded").pdf_page == 2
    assert dict(done.inputs)[exhibit_key(report_2024)] == report_2024.derived_sha256


def test_long_quotes_are_shortened_at_a_word() -> None:
    quote = "word " * 100
    short = shorten(quote, limit=42)
    assert short.endswith("…") and len(short) <= 43 and not short[:-1].endswith(" ")
    assert shorten("Short quote.") == "Short quote."
