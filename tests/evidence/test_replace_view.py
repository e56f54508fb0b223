"""Replacing a document's original: a better scan arrives, the old one stays in the vault and the history."""

import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from article3.audit.models import AuditEntry
from article3.cases.models import Case
from article3.evidence import services
from article3.evidence.commands import evidence_replace
from article3.evidence.models import CustodyEntry, Document
from article3.evidence.storage import vault
from tests.conftest import client_for
from tests.evidence import samples

OLD = samples.text_pdf(["Medical certificate, first scan"])
NEW = samples.text_pdf(["Medical certificate, clearer scan from the clinic"])
REASON = "better scan received from the clinic"


def _url(name: str, document: Document) -> str:
    return reverse(name, kwargs={"case_id": document.case.public_id, "key": document.key})


@pytest.fixture
def original(case: Case, django_capture_on_commit_callbacks: Callable[..., Any]) -> Document:
    with django_capture_on_commit_callbacks(execute=True):
        document = services.document_add(actor="test", case=case, stream=io.BytesIO(OLD), filename="scan.pdf",
                                         kind="medical", language="fr")
    document.refresh_from_db()
    assert document.status == "ready", document.error_message
    return document


@pytest.fixture
def translation(case: Case, original: Document) -> Document:
    made = services.document_add(actor="test", case=case, stream=io.BytesIO(b"The English text."),
                                 filename="scan-en.txt", kind="translation", language="en", process=False)
    return services.document_update(actor="test", document=made, expected_version=made.version,
                                    changes={"translates": original})


def _post(client: Client, document: Document, content: bytes | None = NEW, name: str = "scan-v2.pdf",
          as_json: bool = False, **fields: Any) -> Any:
    """The replace form as a browser sends it; a field given as None is left out."""
    data: dict[str, Any] = {"reason": REASON, "confirm": "on", "version": document.version, **fields}
    if content is not None:
        data["file"] = SimpleUploadedFile(name, content)
    headers = {"HTTP_ACCEPT": "application/json"} if as_json else {}
    return client.post(_url("evidence_replace", document), {k: v for k, v in data.items() if v is not None},
                       **headers)


def _state(document: Document) -> dict[str, Any]:
    """Everything a refused replace must leave as it was."""
    row = Document.objects.filter(pk=document.pk).values(
        "version", "original_sha256", "original_name", "original_size", "derived_sha256", "status", "pages").get()
    return {"row": row, "custody": list(CustodyEntry.objects.filter(document=document).values_list("pk", flat=True)),
            "review": list(Document.objects.filter(translates=document).values_list("needs_review", flat=True)),
            "pages": list(document.page_texts.values_list("text", flat=True)),
            "audit": AuditEntry.objects.filter(action="evidence.document.replaced").count(),
            "vault": sorted(vault().iter_blobs())}


@pytest.mark.django_db
def test_the_editor_replaces_the_original_and_sees_the_new_pdf(
        original: Document, translation: Document, as_alice: Client,
        django_capture_on_commit_callbacks: Callable[..., Any]) -> None:
    old_sha, old_derived = original.original_sha256, original.derived_sha256
    with django_capture_on_commit_callbacks(execute=True):
        response = _post(as_alice, original)
    assert response.status_code == 302 and response["Location"] == _url("evidence_document", original)
    page = as_alice.get(response["Location"]).content.decode()
    assert f"The original of {original.key} was replaced with scan-v2.pdf" in page
    assert "1 linked translation now needs review" in page
    document = Document.objects.get(pk=original.pk)
    assert document.status == "ready" and document.original_name == "scan-v2.pdf"
    assert document.derived_sha256 not in ("", old_derived)
    assert "clearer scan" in document.page_texts.get(number=1).text
    pdf = as_alice.get(_url("evidence_pdf", document))
    assert b"".join(pdf.streaming_content) == b"".join(vault().iter_plain(document.derived_sha256))  # type: ignore[attr-defined]
    download = as_alice.get(_url("evidence_original", document))
    assert b"".join(download.streaming_content) == NEW  # type: ignore[attr-defined]
    assert Document.objects.get(pk=translation.pk).needs_review
    entry = CustodyEntry.objects.get(document=document, action="replaced")
    assert (entry.input_sha256, entry.output_sha256) == (old_sha, document.original_sha256)
    assert REASON in entry.note and "scan.pdf" in entry.note
    assert old_sha in page and document.original_sha256 in page, "the history shows both originals in full"
    assert b"".join(vault().iter_plain(old_sha)) == OLD, "the previous original stays in the vault"


@pytest.mark.django_db
def test_the_replace_is_audited_with_hashes_and_counts_only(original: Document, translation: Document,
                                                            as_alice: Client, alice: User) -> None:
    _post(as_alice, original)
    document = Document.objects.get(pk=original.pk)
    entry = AuditEntry.objects.get(action="evidence.document.replaced")
    assert entry.actor == f"user:{alice.pk}" and entry.case_id == original.case_id
    assert entry.object_key == original.key
    assert entry.detail == {"previous_sha256": original.original_sha256, "sha256": document.original_sha256,
                            "translations_for_review": 1}
    assert REASON not in json.dumps(entry.detail), "free text stays out of the audit log"


@pytest.mark.django_db
def test_a_viewer_sees_no_control_and_cannot_replace(original: Document, bob: User) -> None:
    before = _state(original)
    viewer = client_for(bob)
    assert "Replace original" not in viewer.get(_url("evidence_document", original)).content.decode()
    assert _post(viewer, original).status_code == 403
    assert _state(original) == before


@pytest.mark.django_db
def test_outsiders_get_404(original: Document, dave: User, charlie: User) -> None:
    before = _state(original)
    for outsider in (dave, charlie):
        assert _post(client_for(outsider), original).status_code == 404
    assert _state(original) == before


def _too_big(settings: Any) -> dict[str, Any]:
    settings.MAX_FILE_BYTES = len(NEW) - 1
    return {}


BAD_INPUTS: dict[str, tuple[Callable[[Any], dict[str, Any]], str]] = {
    "no file": (lambda s: {"content": None}, "Choose the file that replaces the original."),
    "no reason": (lambda s: {"reason": "  "}, "Give the reason for replacing the original"),
    "not confirmed": (lambda s: {"confirm": None}, "Tick the box to confirm the replacement."),
    "refused type": (lambda s: {"content": b"<html><script>alert(1)</script></html>", "name": "x.html"}, "PDF"),
    "empty file": (lambda s: {"content": b""}, "This file is empty (0 bytes)"),
    "too big": (_too_big, "larger than the"),
    "same file": (lambda s: {"content": OLD, "name": "again.pdf"}, "same as the current original"),
    "no version": (lambda s: {"version": None}, "This form is out of date"),
}


@pytest.mark.django_db
@pytest.mark.parametrize("bad", sorted(BAD_INPUTS))
def test_bad_input_is_explained_and_changes_nothing(bad: str, original: Document, translation: Document,
                                                    as_alice: Client, settings: Any,
                                                    django_capture_on_commit_callbacks: Callable[..., Any]) -> None:
    make, message = BAD_INPUTS[bad]
    before = _state(original)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = _post(as_alice, original, **make(settings))
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page and "<details open>" in page, "the form stays open with the reason"
    assert _state(original) == before and callbacks == []


@pytest.mark.django_db
def test_a_refusal_in_json_for_the_upload_script(original: Document, as_alice: Client) -> None:
    before = _state(original)
    answer = _post(as_alice, original, content=OLD, as_json=True).json()
    assert answer == {"ok": False, "error": "Nothing was replaced. This file is the same as the current "
                                            "original; choose the new version."}
    assert _state(original) == before
    done = _post(as_alice, original, as_json=True).json()
    assert done == {"ok": True, "url": _url("evidence_document", original)}


@pytest.mark.django_db
def test_a_stale_replace_is_refused(original: Document, as_alice: Client) -> None:
    seen = original.version
    services.document_update(actor="test", document=original, expected_version=seen, changes={"title": "Report"})
    before = _state(original)
    response = _post(as_alice, original, version=seen)
    assert response.status_code == 409
    assert "changed this record" in response.content.decode() and "scan-v2.pdf" in response.content.decode()
    assert _state(original) == before


@pytest.mark.django_db
def test_the_command_line_replaces_too(original: Document, translation: Document, tmp_path: Path) -> None:
    new = tmp_path / "scan-v2.pdf"
    new.write_bytes(NEW)
    args = [original.case.reference, original.key, str(new), "--reason", REASON, "--org", "clinic-a"]
    result = CliRunner().invoke(evidence_replace, [*args, "--format", "json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    document = Document.objects.get(pk=original.pk)
    assert report["previous_sha256"] == original.original_sha256 and report["status"] == "ready"
    assert report["original_sha256"] == document.original_sha256 and report["translations_for_review"] == 1
    assert "clearer scan" in document.page_texts.get(number=1).text
    entry = CustodyEntry.objects.get(document=document, action="replaced")
    assert entry.actor.startswith("cli:") and REASON in entry.note
    assert Document.objects.get(pk=translation.pk).needs_review
    again = CliRunner().invoke(evidence_replace, args)
    assert again.exit_code == 1 and "nothing was replaced" in again.output and "same as the current" in again.output
    missing = CliRunner().invoke(evidence_replace, [original.case.reference, "d-999", str(new), "--reason", REASON,
                                                    "--org", "clinic-a"])
    assert missing.exit_code == 1 and "No document 'd-999'" in missing.output


@pytest.mark.django_db(transaction=True)
def test_the_previous_original_is_kept_downloadable_and_purged_with_its_case(
        original: Document, as_alice: Client, alice: User) -> None:
    from article3.evidence.storage import known_blobs
    from article3.retention import case_purge

    old_sha = original.original_sha256
    _post(as_alice, original)
    assert old_sha not in vault().verify_all(known_blobs(), grace_seconds=0).orphans, \
        "verify --fix must never take a previous original for an orphan"
    page = as_alice.get(_url("evidence_document", original)).content.decode()
    assert "Previous originals" in page and "scan.pdf" in page
    previous = reverse("evidence_previous", kwargs={"case_id": original.case.public_id, "key": original.key,
                                                    "number": 1})
    download = as_alice.get(previous)
    assert download["Content-Disposition"].startswith("attachment") and "scan.pdf" in download["Content-Disposition"]
    assert b"".join(download.streaming_content) == OLD  # type: ignore[attr-defined]
    assert AuditEntry.objects.filter(action="evidence.document.downloaded",
                                     detail__copy="previous original").count() == 1
    assert as_alice.get(previous.replace("/previous/1/", "/previous/2/")).status_code == 404
    case_purge(actor="test", case=original.case)
    assert old_sha not in set(vault().iter_blobs()), "purging the case shreds its previous originals too"
