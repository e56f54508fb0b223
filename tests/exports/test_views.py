"""Files made on the worker: the gap report as a PDF and a large case package, each with its page."""

import io
import zipfile
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client, TestCase
from django.urls import reverse

from article3 import datadir
from article3.audit.models import AuditEntry
from article3.cases.models import Case
from article3.evidence.storage import vault
from article3.exports.models import CaseExport
from article3.exports.services import export_make
from article3.exports.tasks import export_make_task
from tests.chronology.factories import document_for
from tests.conftest import client_for
from tests.exports.helpers import made_file

pytestmark = pytest.mark.django_db


def url(name: str, case: Case, **kwargs: Any) -> str:
    return reverse(name, kwargs={"case_id": case.public_id, **kwargs})


def test_asking_for_the_pdf_queues_it_and_its_page_follows_the_work(case: Case, as_alice: Client,
                                                                  alice: User) -> None:
    response = as_alice.post(url("case_gaps_pdf", case))  # no commit callbacks run: the task stays queued
    export = CaseExport.objects.get()
    assert response.status_code == 302 and response["Location"] == url("case_export", case, export_id=export.pk)
    assert export.status == "queued" and export.sha256 == ""
    assert not AuditEntry.objects.filter(action="claims.gap_report.exported").exists(), "nothing drawn in the request"
    page = as_alice.get(response["Location"]).content.decode()
    assert "Waiting its turn" in page and 'http-equiv="refresh"' in page and "Refresh</a>" in page
    assert "work-result" not in page and "gap_report" not in page, "no internal codes on the page"
    status = as_alice.get(url("case_export_status", case, export_id=export.pk)).json()
    assert status == {"finished": False, "status": "Waiting its turn", "progress": "Waiting for the worker to start",
                      "error": ""}
    assert as_alice.get(url("case_export_download", case, export_id=export.pk)).status_code == 404
    assert as_alice.post(url("case_gaps_pdf", case)).status_code == 302 and CaseExport.objects.count() == 1, (
        "a second click while it is on its way gives the same export")

    export_make_task.call(export.pk)  # the worker
    page = as_alice.get(response["Location"]).content.decode()
    assert "Ready" in page and "Download gap-report-A-2026-001.pdf" in page and "refresh" not in page
    assert as_alice.get(url("case_export_status", case, export_id=export.pk)).json()["finished"] is True
    assert AuditEntry.objects.get(action="claims.gap_report.exported").actor == f"user:{alice.pk}"


def test_the_file_is_kept_encrypted_and_each_download_is_audited(case: Case, as_alice: Client) -> None:
    pdf = made_file(as_alice, url("case_gaps_pdf", case)).content
    assert pdf.startswith(b"%PDF")
    export = CaseExport.objects.get()
    sealed = [p for p in (datadir.root() / "vault").rglob(export.sha256 + "*") if p.is_file()]
    assert sealed and all(b"%PDF" not in p.read_bytes() for p in sealed), "the vault holds it encrypted"
    as_alice.get(url("case_export_download", case, export_id=export.pk)).getvalue()
    downloads = AuditEntry.objects.filter(action="exports.file.downloaded", case_id=case.pk)
    assert downloads.count() == 2 and downloads.first().detail["kind"] == "gap_report"  # type: ignore[union-attr]


def test_a_viewer_may_have_the_pdf_made(case: Case, bob: User) -> None:
    viewer = client_for(bob)
    response = made_file(viewer, url("case_gaps_pdf", case))
    assert response["Content-Type"] == "application/pdf"


def test_a_new_pdf_replaces_the_one_before_and_its_file_is_shredded(case: Case, as_alice: Client) -> None:
    made_file(as_alice, url("case_gaps_pdf", case))
    first = CaseExport.objects.get()
    document_for(case, "d-summons", "threat", language="fr", pages=("Convocation.",))  # the report changes
    made_file(as_alice, url("case_gaps_pdf", case))
    assert list(CaseExport.objects.values_list("pk", flat=True)) != [first.pk] and CaseExport.objects.count() == 1
    assert not vault().exists(first.sha256)


def test_a_failure_is_told_in_plain_words(case: Case, as_alice: Client, monkeypatch: pytest.MonkeyPatch) -> None:
    from article3.claims import services

    def broken(**_: object) -> bytes:
        raise ValueError("reportlab exploded")

    monkeypatch.setattr(services, "gap_report_export", broken)
    as_alice.post(url("case_gaps_pdf", case))
    export = CaseExport.objects.get()
    with pytest.raises(ValueError):
        export_make(export=export)
    page = as_alice.get(url("case_export", case, export_id=export.pk)).content.decode()
    assert "Could not be made" in page and "The file could not be made. Try again" in page
    assert "exploded" not in page and "Back to try again" in page


def test_outsiders_do_not_find_an_export(case: Case, as_alice: Client, charlie: User, dave: User) -> None:
    made_file(as_alice, url("case_gaps_pdf", case))
    export = CaseExport.objects.get()
    for person in (charlie, dave):
        for name in ("case_export", "case_export_status", "case_export_download"):
            assert client_for(person).get(url(name, case, export_id=export.pk)).status_code == 404


def test_a_small_package_downloads_at_once(case: Case, as_alice: Client) -> None:
    response = as_alice.post(url("case_package_download", case))
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    assert not CaseExport.objects.exists()


def test_a_large_package_is_made_on_the_worker(case: Case, as_alice: Client, alice: User, bob: User,
                                              settings: Any) -> None:
    document_for(case, "d-declaration", "declaration", pages=("On 14 March 2019 I was arrested.",))
    settings.ARTICLE3_PACKAGE_IN_REQUEST_BYTES = 10  # the declaration is larger than that
    response = made_file(as_alice, url("case_package_download", case), {"redact": "1"})
    assert 'filename="A-2026-001-signed.zip"' in response["Content-Disposition"]
    both = zipfile.ZipFile(io.BytesIO(response.content))
    assert sorted(both.namelist()) == ["A-2026-001.zip", "A-2026-001.zip.sig"]
    export = CaseExport.objects.get()
    assert export.kind == "case_package" and export.options == {"redact": True}
    exported = AuditEntry.objects.get(action="interchange.case.exported")
    assert exported.detail["redacted"] is True and exported.actor == f"user:{alice.pk}"
    viewer = client_for(bob)
    for name in ("case_export", "case_export_status", "case_export_download"):
        assert viewer.get(url(name, case, export_id=export.pk)).status_code == 403, "a viewer takes no package"


def test_the_task_delivered_twice_makes_the_file_once(case: Case, as_alice: Client) -> None:
    with TestCase.captureOnCommitCallbacks(execute=True):
        as_alice.post(url("case_gaps_pdf", case))
    export = CaseExport.objects.get()
    done = (export.sha256, export.finished_at)
    assert export_make_task.call(export.pk) == "done"
    export.refresh_from_db()
    assert (export.sha256, export.finished_at) == done
    assert AuditEntry.objects.filter(action="claims.gap_report.exported").count() == 1


@pytest.mark.parametrize(("fmt", "kind", "magic"), [("pdf", "chronology_pdf", b"%PDF"),
                                                     ("docx", "chronology_docx", b"PK")])
def test_a_long_chronology_is_drawn_on_the_worker(demo_case: Case, as_alice: Client, settings: Any, fmt: str,
                                                  kind: str, magic: bytes) -> None:
    settings.ARTICLE3_CHRONOLOGY_IN_REQUEST_EVENTS = demo_case.events.count() - 1
    name = f"case_chronology_{fmt}"
    page = as_alice.get(url(name, demo_case))
    assert page.status_code == 200 and "made in the background" in page.content.decode()
    assert not CaseExport.objects.exists(), "following a link queues nothing"
    response = as_alice.post(url(name, demo_case))
    export = CaseExport.objects.get(kind=kind)
    assert response["Location"] == url("case_export", demo_case, export_id=export.pk)
    assert not AuditEntry.objects.filter(action="chronology.export.made").exists(), "nothing drawn in the request"
    export_make_task.call(export.pk)  # the worker
    export.refresh_from_db()
    assert export.status == "done" and export.filename == f"chronology-DEMO-2026-001.{fmt}"
    download = as_alice.get(url("case_export_download", demo_case, export_id=export.pk))
    assert b"".join(download.streaming_content).startswith(magic)  # type: ignore[attr-defined]
    assert AuditEntry.objects.get(action="chronology.export.made").detail == {"format": fmt}


def test_a_short_chronology_still_downloads_at_once(demo_case: Case, as_alice: Client) -> None:
    response = as_alice.get(url("case_chronology_pdf", demo_case))
    assert response["Content-Type"] == "application/pdf" and not CaseExport.objects.exists()
