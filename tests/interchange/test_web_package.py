"""Exporting a case from its page (the package with its signature) and importing one from the web."""

import io
import re
import zipfile
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from article3.accounts.models import Organisation
from article3.audit.models import AuditEntry
from article3.cases.models import Case, CaseMember
from article3.interchange.signing import verify_package
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def download(client: Client, case: Case) -> zipfile.ZipFile:
    response = client.post(reverse("case_package_download", kwargs={"case_id": case.public_id}))
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    assert 'filename="A-2026-001-signed.zip"' in response["Content-Disposition"]
    return zipfile.ZipFile(io.BytesIO(response.content))


def test_the_download_holds_the_package_and_a_signature_that_verifies(case: Case, as_alice: Client,
                                                                      tmp_path: Path) -> None:
    page = as_alice.get(reverse("case_package", kwargs={"case_id": case.public_id})).content.decode()
    fingerprint = re.search(r'<p id="fingerprint"><strong>([0-9a-f:]+)</strong>', page)
    assert fingerprint is not None
    both = download(as_alice, case)
    assert sorted(both.namelist()) == ["A-2026-001.zip", "A-2026-001.zip.sig"]
    both.extractall(tmp_path)
    verdict = verify_package(tmp_path / "A-2026-001.zip", expect=fingerprint.group(1))
    assert verdict.ok, verdict.message
    assert AuditEntry.objects.filter(action="interchange.case.exported", case_id=case.pk).count() == 1


def test_a_viewer_cannot_export(case: Case, bob: User) -> None:
    viewer = client_for(bob)
    assert viewer.get(reverse("case_package", kwargs={"case_id": case.public_id})).status_code == 403
    assert viewer.post(reverse("case_package_download", kwargs={"case_id": case.public_id})).status_code == 403
    assert not AuditEntry.objects.filter(action="interchange.case.exported").exists()


def test_import_opens_the_case_with_the_importer_on_its_team(case: Case, as_alice: Client, org_b: Organisation,
                                                             charlie: User, tmp_path: Path) -> None:
    download(as_alice, case).extractall(tmp_path)
    package = (tmp_path / "A-2026-001.zip").read_bytes()
    other = client_for(charlie)
    response = other.post(reverse("case_import"), {"package": SimpleUploadedFile("A-2026-001.zip", package)})
    imported = Case.objects.get(organisation=org_b, reference="A-2026-001")
    assert response.status_code == 302
    assert response["Location"] == reverse("case_detail", kwargs={"case_id": imported.public_id})
    assert CaseMember.objects.filter(case=imported, user=charlie, role="attorney").exists()
    assert imported.applicant.name == "Test Applicant"

    again = other.post(reverse("case_import"), {"package": SimpleUploadedFile("A-2026-001.zip", package)})
    assert again.status_code == 400 and "already exists" in again.content.decode()
    assert "case.reference" not in again.content.decode()


def test_a_file_that_is_not_a_package_is_refused_in_plain_words(as_alice: Client) -> None:
    response = as_alice.post(reverse("case_import"), {"package": SimpleUploadedFile("notes.zip", b"not a zip")})
    html = response.content.decode()
    assert response.status_code == 400 and "nothing was saved" in html and 'id="import-problems"' in html
    missing = as_alice.post(reverse("case_import"), {})
    assert missing.status_code == 400 and "Choose the case package" in missing.content.decode()
    assert Case.objects.count() == 0


def test_only_roles_that_create_cases_may_import(bob: User) -> None:
    assert client_for(bob).get(reverse("case_import")).status_code == 403
