"""Importing reports: vault first, deduplication, editions, audit, organisation scope."""

import datetime
import hashlib

import pytest
from django.contrib.auth.models import User
from django.http import Http404

from article3.accounts.models import Organisation
from article3.audit.models import AuditEntry
from article3.coi.models import Report
from article3.coi.selectors import report_get_for_user, report_list_for_user
from article3.coi.services import ReportMeta, report_import, series_name_for
from article3.errors import DomainError
from article3.evidence.storage import known_blobs, vault
from tests.coi import fixtures
from tests.coi.conftest import add_report

pytestmark = pytest.mark.django_db


def test_it_stores_the_file_in_the_vault_with_its_metadata(report_2024: Report) -> None:
    data = fixtures.report_pdf()
    assert report_2024.sha256 == hashlib.sha256(data).hexdigest()
    assert vault().exists(report_2024.sha256)
    assert vault().open(report_2024.sha256).read() == data
    assert report_2024.sha256 in known_blobs(), "article3 verify counts it as a known blob"
    assert report_2024.title == "Cameroon: Country Report 2024"  # from the PDF's own metadata
    assert report_2024.publisher == "Rights Monitor" and report_2024.date == datetime.date(2024, 3, 20)
    assert report_2024.file_type == "pdf" and report_2024.pages == 3 and report_2024.language == "en"
    assert list(report_2024.countries.values_list("code", flat=True)) == ["CM"]
    assert report_2024.passages.count() == 10


def test_the_same_file_twice_is_one_report(org_a: Organisation, report_2024: Report) -> None:
    again = report_import(actor="test", organisation=org_a, data=fixtures.report_pdf(),
                          meta=ReportMeta(countries=["CM"]))
    assert again.created is False and again.report.pk == report_2024.pk
    assert Report.objects.count() == 1


def test_the_same_text_in_other_bytes_is_one_report(org_a: Organisation) -> None:
    first = add_report(org_a, fixtures.HTML_PAGE.encode())
    reformatted = fixtures.HTML_PAGE.replace("<main>", "<main>\n\n   ").encode()
    again = report_import(actor="test", organisation=org_a, data=reformatted, meta=ReportMeta(countries=["CM"]))
    assert again.created is False and again.report.pk == first.pk


def test_another_organisation_keeps_its_own_copy(org_a: Organisation, org_b: Organisation, report_2024: Report) -> None:
    theirs = add_report(org_b, fixtures.report_pdf())
    assert theirs.pk != report_2024.pk and theirs.sha256 == report_2024.sha256


def test_a_newer_edition_supersedes_the_older(report_2023: Report, report_2024: Report) -> None:
    report_2023.refresh_from_db()
    assert report_2023.series_id == report_2024.series_id is not None
    assert report_2023.series.name == "Cameroon: Country Report"  # type: ignore[union-attr]
    assert report_2023.superseded_by_id == report_2024.pk
    assert report_2024.superseded_by_id is None
    assert list(report_2024.series.editions.order_by("date").values_list("pk", flat=True)) == [  # type: ignore[union-attr]
        report_2023.pk, report_2024.pk]


def test_an_older_edition_imported_later_is_superseded_at_once(org_a: Organisation, report_2024: Report) -> None:
    result = report_import(actor="test", organisation=org_a, data=fixtures.report_docx(), meta=ReportMeta(
        countries=["CM"], title="Cameroon: Country Report 2023", publisher="Rights Monitor",
        date=datetime.date(2023, 3, 1)))
    assert result.report.superseded_by_id == report_2024.pk
    report_2024.refresh_from_db()
    assert report_2024.superseded_by_id is None


def test_other_publishers_and_countries_are_other_series(org_a: Organisation, report_2024: Report) -> None:
    other = add_report(org_a, fixtures.report_docx(), title="Cameroon: Country Report 2025", publisher="Other NGO",
                       date=datetime.date(2025, 1, 1))
    report_2024.refresh_from_db()
    assert other.series_id != report_2024.series_id and report_2024.superseded_by_id is None


def test_series_names_drop_the_year() -> None:
    assert series_name_for("Cameroon: Country Report 2024") == "Cameroon: Country Report"
    assert series_name_for("World Report 2023: Nigeria") == "World Report: Nigeria"
    assert series_name_for("Human Rights Practices (2022)") == "Human Rights Practices"


def test_the_import_is_audited_without_content(report_2024: Report) -> None:
    entry = AuditEntry.objects.get(action="coi.report.imported")
    assert entry.organisation_id == report_2024.organisation_id and entry.case_id is None
    assert entry.detail == {"passages": 10, "pages": 3, "file_type": "pdf", "superseded": []}
    assert "Cameroon" not in str(entry.detail) and "Rights Monitor" not in entry.object_key


@pytest.mark.parametrize("countries", [[], ["Cameroon"], ["C1"]])
def test_countries_must_be_iso_codes(org_a: Organisation, countries: list[str]) -> None:
    with pytest.raises(DomainError, match="two-letter ISO codes"):
        report_import(actor="test", organisation=org_a, data=b"Text.", meta=ReportMeta(countries=countries))


def test_the_kind_must_be_known(org_a: Organisation) -> None:
    with pytest.raises(DomainError, match="Unknown kind of report 'blog'"):
        report_import(actor="test", organisation=org_a, data=b"Text.",
                      meta=ReportMeta(countries=["CM"], doc_type="blog"))


def test_several_countries(org_a: Organisation) -> None:
    report = add_report(org_a, b"Regional report on detention.", countries=["ng", "CM", "NG"])
    assert sorted(report.countries.values_list("code", flat=True)) == ["CM", "NG"]


def test_members_see_the_library_and_outsiders_get_404(report_2024: Report, alice: User, bob: User,
                                                       charlie: User) -> None:
    assert report_get_for_user(user=alice, report_id=report_2024.pk) == report_2024
    assert list(report_list_for_user(user=bob)) == [report_2024]
    assert list(report_list_for_user(user=charlie)) == []
    with pytest.raises(Http404):
        report_get_for_user(user=charlie, report_id=report_2024.pk)


def test_interpreters_do_not_see_the_library(org_a: Organisation, report_2024: Report) -> None:
    from tests.conftest import make_user

    interpreter = make_user(org_a, "ida@example.org", "interpreter")
    assert list(report_list_for_user(user=interpreter)) == []
