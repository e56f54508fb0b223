"""B4: uploaded files leave from a separate download host when one is configured."""

import datetime
import io
from collections.abc import Iterator

import pytest
import time_machine
from django.contrib.auth.models import User
from django.test import Client, override_settings
from django.urls import reverse

from article3.audit.models import AuditEntry
from article3.cases.models import Case
from article3.evidence.models import Document
from article3.evidence.services import document_add
from tests.conftest import client_for

FILES_HOST = "files.testserver"


@pytest.fixture
def document(case: Case) -> Document:
    return document_add(actor="test", case=case, stream=io.BytesIO(b"A statement by Ms Private Name."),
                        filename="private-name-statement.txt", kind="witness_statement", process=False)


@pytest.fixture(autouse=True)
def download_host() -> Iterator[None]:
    with override_settings(DOWNLOAD_HOST=FILES_HOST, ALLOWED_HOSTS=["testserver", FILES_HOST]):
        yield


def _original(document: Document) -> str:
    return reverse("evidence_original", kwargs={"case_id": document.case.public_id, "key": document.key})


def _link(client: Client, document: Document) -> str:
    response = client.get(_original(document))
    assert response.status_code == 302, "the application checks access, then hands over a link"
    return str(response["Location"])


@pytest.mark.django_db
def test_the_original_is_served_from_the_download_host_as_an_attachment(document: Document, alice: User) -> None:
    link = _link(client_for(alice), document)
    assert link.startswith(f"http://{FILES_HOST}/files/")
    assert "private" not in link.lower() and document.original_sha256 not in link, "the link is opaque"
    assert AuditEntry.objects.filter(action="evidence.document.downloaded", object_key=document.key).count() == 1
    response = Client().get(link.removeprefix(f"http://{FILES_HOST}"), HTTP_HOST=FILES_HOST)  # no session
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"A statement by Ms Private Name."  # type: ignore[attr-defined]
    assert response["Content-Disposition"].startswith("attachment")
    assert response["Content-Type"] == "application/octet-stream" and response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]


@pytest.mark.django_db
def test_a_link_works_only_on_the_download_host_and_only_for_a_minute(document: Document, alice: User) -> None:
    path = _link(client_for(alice), document).removeprefix(f"http://{FILES_HOST}")
    assert Client().get(path).status_code == 404, "the application's own host never serves the link"
    later = datetime.datetime.now(tz=datetime.UTC) + datetime.timedelta(seconds=61)
    with time_machine.travel(later):
        assert Client().get(path, HTTP_HOST=FILES_HOST).status_code == 404
    tampered = path[:-6] + ("A" if path[-6] != "A" else "B") + path[-5:]
    assert Client().get(tampered, HTTP_HOST=FILES_HOST).status_code == 404
    assert Client().get("/files/not-a-link/", HTTP_HOST=FILES_HOST).status_code == 404


@pytest.mark.django_db
def test_no_link_for_someone_outside_the_case(document: Document, dave: User, charlie: User) -> None:
    for outsider in (dave, charlie):
        assert client_for(outsider).get(_original(document)).status_code == 404


@pytest.mark.django_db
def test_without_a_download_host_the_application_serves_the_attachment(document: Document, alice: User) -> None:
    with override_settings(DOWNLOAD_HOST=""):
        response = client_for(alice).get(_original(document))
        assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")
        assert Client().get("/files/anything/", HTTP_HOST=FILES_HOST).status_code in (400, 404)


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/accounts/login/", "/cases/new/", "/coi/", "/static/article3/site.css",
                                  "/api/", "/files/", "/nonexistent/"])
def test_the_download_host_serves_only_file_links(document: Document, alice: User, path: str) -> None:
    """Issue 17: the whole application answered on the download host (its login page, its cases)."""
    signed_in = client_for(alice)
    response = signed_in.get(path, HTTP_HOST=FILES_HOST)
    assert response.status_code == 404 and b"<html" not in response.content.lower()
    assert "sessionid" not in response.cookies and "csrftoken" not in response.cookies
