"""Report files: read in the ingest sandbox at import (a hostile file cannot hang or exhaust the
importing process), kept with a PDF form, and downloadable from the library by its members."""

import io
import os
from pathlib import Path
from typing import Any

import pikepdf
import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from article3.accounts.models import Organisation
from article3.audit.models import AuditEntry
from article3.coi.models import Report
from article3.coi.services import ReportMeta, report_import
from article3.errors import DomainError
from tests.coi import fixtures
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

BROKEN_PDF = fixtures.report_pdf()[:3000]  # cut off in the middle of its first page


def vault_files(data_dir: Path) -> int:
    return sum(len(files) for _, _, files in os.walk(data_dir / "vault"))


def do_import(org: Organisation, data: bytes, filename: str) -> Report:
    meta = ReportMeta(countries=["CM"])
    return report_import(actor="test", organisation=org, data=data, meta=meta, filename=filename).report


def test_a_broken_pdf_is_refused_naming_the_file_and_nothing_is_stored(org_a: Organisation, data_dir: Path) -> None:
    before = vault_files(data_dir)
    with pytest.raises(DomainError) as refused:
        do_import(org_a, BROKEN_PDF, "cameroon-2024.pdf")
    assert str(refused.value).startswith("cameroon-2024.pdf: This PDF could not be read.")
    assert Report.objects.count() == 0 and vault_files(data_dir) == before


def test_parsing_that_takes_too_long_is_stopped(org_a: Organisation, settings: object) -> None:
    settings.COI_PARSE_TIMEOUT_S = 0.3  # type: ignore[attr-defined]
    long_report = fixtures.report_pdf(fixtures.REPORT_2024 * 40)
    with pytest.raises(DomainError) as refused:
        do_import(org_a, long_report, "long.pdf")
    assert str(refused.value).startswith("long.pdf: Processing this file took longer than")
    assert Report.objects.count() == 0


def test_parsing_that_needs_too_much_memory_is_stopped(org_a: Organisation, settings: object) -> None:
    settings.COI_PARSE_MAX_RSS_BYTES = 16 * 1024 * 1024  # type: ignore[attr-defined]
    with pytest.raises(DomainError) as refused:
        do_import(org_a, fixtures.report_pdf(), "report.pdf")
    assert "report.pdf: Processing this file needed more than 16 MB of memory" in str(refused.value)
    assert Report.objects.count() == 0


def test_the_import_page_shows_the_file_and_the_problem(alice: User, web_import: Any) -> None:
    upload = SimpleUploadedFile("broken-report.pdf", BROKEN_PDF, content_type="application/pdf")
    response = web_import(client_for(alice), {"file": upload, "countries": "CM", "doc_type": "report"})
    assert response.status_code == 200
    assert "broken-report.pdf: This PDF could not be read." in response.content.decode()
    assert Report.objects.count() == 0


def test_members_download_the_original_and_the_pdf_form_audited(org_a: Organisation, alice: User, bob: User) -> None:
    data = fixtures.HTML_PAGE.encode()
    report = do_import(org_a, data, "returnees.html")
    page = client_for(bob).get(reverse("coi_library") + f"?report={report.pk}").content.decode()
    original_url = reverse("coi_report_original", kwargs={"report_id": report.pk})
    pdf_url = reverse("coi_report_pdf", kwargs={"report_id": report.pk})
    assert original_url in page and pdf_url in page, "the report page links both files"

    original = client_for(bob).get(original_url)
    assert b"".join(original.streaming_content) == data  # type: ignore[attr-defined]
    assert original["Content-Type"] == "application/octet-stream"
    assert original["Content-Disposition"].startswith('attachment; filename="returnees"')
    assert original["Cache-Control"] == "no-store" and original["X-Content-Type-Options"] == "nosniff"

    pdf = client_for(alice).get(pdf_url)
    body = b"".join(pdf.streaming_content)  # type: ignore[attr-defined]
    assert pdf["Content-Disposition"] == "attachment; filename=\"returnees.pdf\"; filename*=UTF-8''returnees.pdf"
    assert pdf["Content-Type"] == "application/pdf" and pdf["Cache-Control"] == "no-store"
    with pikepdf.open(io.BytesIO(body)) as opened:
        assert len(opened.pages) == report.derived_pages == 1
    entries = AuditEntry.objects.filter(action="coi.report.downloaded").order_by("seq")
    assert [e.detail["copy"] for e in entries] == ["original", "pdf"]
    assert all(e.organisation_id == org_a.pk and e.object_key == str(report.pk) for e in entries)


def test_another_organisation_gets_404(org_a: Organisation, charlie: User) -> None:
    report = do_import(org_a, fixtures.TEXT_REPORT.encode(), "nigeria.txt")
    for name in ("coi_report_original", "coi_report_pdf"):
        assert client_for(charlie).get(reverse(name, kwargs={"report_id": report.pk})).status_code == 404
    assert not AuditEntry.objects.filter(action="coi.report.downloaded").exists()
