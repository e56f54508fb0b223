"""Shredding shared vault files: `verify --fix` shreds orphans, and a purge never leaves an upload
of the same content pointing at a shredded file, whichever of the two gets there first."""

import datetime
import io
import os
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import time_machine
from click.testing import CliRunner
from django.contrib.auth.models import User
from django.db import OperationalError, connection, transaction

import article3.retention
from article3.accounts.models import Organisation
from article3.cases.models import Case, Stage
from article3.cases.services import case_create, case_update
from article3.evidence import services as evidence
from article3.evidence.models import Document
from article3.evidence.services import document_add
from article3.evidence.shredding import blob_keep, blob_keep_or_put, shred_unreferenced
from article3.evidence.storage import derived_cache, vault
from article3.evidence.vault.blobformat import HEADER_BYTES
from article3.retention import retention_purge

CLOSED = datetime.datetime(2026, 1, 10, 12, 0, tzinfo=datetime.UTC)
LATER = CLOSED + datetime.timedelta(days=31)
CONTENT = b"the same scan, uploaded into two cases"


def _case(org: Organisation, owner: User, reference: str) -> Case:
    return case_create(actor=owner, organisation=org, reference=reference, forum="us-eoir", country_of_return="CM",
                       applicant_name="Private Name", owner_id=owner.pk)


def _add(case: Case, owner: User, content: bytes = CONTENT) -> Document:
    return document_add(actor=owner, case=case, stream=io.BytesIO(content), filename="scan.txt", kind="other",
                        process=False)


def _expired_case(org_a: Organisation, alice: User) -> tuple[Case, str]:
    org_a.retention_days_after_close = 30
    org_a.save()
    case = _case(org_a, alice, "A-OLD")
    sha = _add(case, alice).original_sha256
    with time_machine.travel(CLOSED, tick=False):
        case_update(actor=alice, case=case, expected_version=case.version, changes={"stage": Stage.CLOSED})
    return case, sha


def _read(sha: str) -> bytes:
    return b"".join(vault().iter_plain(sha))


def _blob_path(sha: str) -> Path:
    return vault().backend.path(sha)  # type: ignore[attr-defined, no-any-return]


def _linked_copy(sha: str, tmp_path: Path) -> Path:
    """A second name for the blob's inode: a shred overwrites it in place, a plain delete does not."""
    link = tmp_path / "link"
    os.link(_blob_path(sha), link)
    return link


@pytest.mark.django_db
def test_verify_fix_shreds_orphans_and_keeps_referenced_files(case: Case, alice: User, tmp_path: Path) -> None:
    kept = _add(case, alice, b"still in a case").original_sha256
    orphan = vault().put(stream=io.BytesIO(b"the original of a purged case")).sha256
    old = (CLOSED - datetime.timedelta(days=1)).timestamp()
    os.utime(_blob_path(orphan), (old, old))  # past the grace that protects uploads in progress
    header = _blob_path(orphan).read_bytes()[:HEADER_BYTES]
    link = _linked_copy(orphan, tmp_path)

    import article3.audit.commands  # noqa: F401  (registers `verify`)
    from article3.cli import cli

    done = CliRunner().invoke(cli, ["verify", "--fix", "--format", "json"])
    assert done.exit_code == 0, done.output
    assert not vault().exists(orphan) and vault().exists(kept) and _read(kept) == b"still in a case"
    assert link.read_bytes()[:HEADER_BYTES] != header, "the wrapped data key was overwritten, not just unlinked"
    assert f'"{orphan}"' in done.output  # reported as removed


@pytest.mark.django_db
def test_shred_skips_a_blob_a_row_names(case: Case, alice: User, tmp_path: Path) -> None:
    sha = _add(case, alice).original_sha256
    assert shred_unreferenced([sha]) == []
    assert _read(sha) == CONTENT


@pytest.mark.django_db
def test_shredding_a_file_drops_what_the_cache_made_from_it(case: Case, alice: User, tmp_path: Path) -> None:
    orphan = vault().put(stream=io.BytesIO(b"the original of a purged case")).sha256
    kept = _add(case, alice).original_sha256
    cache, rest, made, back = derived_cache(), "0" * 64, tmp_path / "made", tmp_path / "back"
    made.write_bytes(b"stamped pages")
    for sha in (orphan, kept):
        cache.save(f"{sha}-{rest}", source=made)
    assert shred_unreferenced([orphan, kept]) == [orphan]
    assert not cache.load(f"{orphan}-{rest}", into=back)
    assert cache.load(f"{kept}-{rest}", into=back) and back.read_bytes() == b"stamped pages"


@pytest.mark.django_db(transaction=True)
def test_purge_first_then_upload_commits_the_upload_stores_the_file_again(
    org_a: Organisation, alice: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The purge shreds the shared blob after the upload found it in the vault but before its row
    committed: the upload must notice and store the file again."""
    expired, sha = _expired_case(org_a, alice)
    other = _case(org_a, alice, "A-NEW")
    real_store = evidence._store
    seen: dict[str, Any] = {}

    def store_then_purge(path: Path) -> Any:
        stored = real_store(path)
        if "purged" in seen:  # the upload storing the file again
            seen["stored_again"] = stored.created
            return stored
        seen["created"] = stored.created
        (seen["purged"],) = retention_purge(actor="system", now=LATER)
        seen["after_purge"] = vault().exists(sha)
        return stored

    monkeypatch.setattr(evidence, "_store", store_then_purge)
    document = _add(other, alice)
    assert seen["created"] is False, "the upload found the purged case's blob and shared it"
    assert seen["purged"].case_id == expired.pk and seen["after_purge"] is False, "the purge shredded it"
    assert seen["stored_again"] is True
    assert document.original_sha256 == sha and _read(sha) == CONTENT, "the upload's row names an intact file"


@pytest.mark.django_db(transaction=True)
def test_upload_commits_first_then_purge_shreds_the_purge_keeps_the_file(
    org_a: Organisation, alice: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The purge decided the blob was unused, then the upload of the same content committed
    before the purge's shred ran: the shred must see the new row and keep the blob."""
    _, sha = _expired_case(org_a, alice)
    other = _case(org_a, alice, "A-NEW")
    real_shred = article3.retention._shred
    seen: dict[str, Any] = {}

    def upload_then_shred(shas: list[str]) -> None:
        seen["planned"] = list(shas)
        seen["document"] = _add(other, alice)
        real_shred(shas)

    monkeypatch.setattr(article3.retention, "_shred", upload_then_shred)
    (purged,) = retention_purge(actor="system", now=LATER)
    assert seen["planned"] == [sha] and purged.files_shredded == 1, "the purge had planned to shred it"
    assert seen["document"].original_sha256 == sha and _read(sha) == CONTENT


@pytest.mark.django_db(transaction=True)
def test_purge_alone_still_shreds_its_own_file(org_a: Organisation, alice: User, tmp_path: Path) -> None:
    _, sha = _expired_case(org_a, alice)
    header = _blob_path(sha).read_bytes()[:HEADER_BYTES]
    link = _linked_copy(sha, tmp_path)
    retention_purge(actor="system", now=LATER)
    assert not vault().exists(sha) and link.read_bytes()[:HEADER_BYTES] != header


@pytest.mark.django_db(transaction=True)
def test_a_shredder_waits_for_an_upload_holding_the_blob_then_keeps_it(org_a: Organisation, alice: User,
                                                                       django_db_blocker: Any) -> None:
    """Two connections at once: the upload holds the blob (its row not yet committed); the
    shredder, started meanwhile, must wait for that commit and then see the row."""
    orphan = vault().put(stream=io.BytesIO(CONTENT)).sha256
    document = _add(_case(org_a, alice, "A-NEW"), alice, b"another file")
    held, pause = threading.Event(), 1.0

    def upload() -> None:
        try:
            with django_db_blocker.unblock(), transaction.atomic():
                assert blob_keep(orphan)
                held.set()
                time.sleep(pause)
                Document.objects.filter(pk=document.pk).update(derived_sha256=orphan)
        finally:
            connection.close()

    uploader = threading.Thread(target=upload)
    uploader.start()
    assert held.wait(30)
    started = time.monotonic()
    shredded = _patiently(lambda: shred_unreferenced([orphan]))
    waited = time.monotonic() - started
    uploader.join(30)
    assert shredded == [] and waited > pause / 2, "the shredder waited for the upload's commit"
    assert _read(orphan) == CONTENT


def _patiently(shred: Callable[[], list[str]]) -> list[str]:
    """PostgreSQL waits on the advisory lock by itself. The in-memory SQLite of the tests shares
    one cache between connections, where a held write lock fails at once ("table is locked")
    instead of waiting out busy_timeout as the data folder's database file does: retry as it would."""
    deadline = time.monotonic() + 30
    while True:
        try:
            return shred()
        except OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.05)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("as_file", [False, True])
def test_a_writer_puts_back_a_file_a_shredder_removed_before_its_row_commits(as_file: bool, tmp_path: Path) -> None:
    """What bundle volumes, generated documents and derived PDFs do in the transaction naming them."""
    content = b"a bundle volume that an identical purged build also produced"
    sha = vault().put(stream=io.BytesIO(content)).sha256
    assert shred_unreferenced([sha]) == [sha], "no row names it yet: a purge may shred it"
    source: Path | bytes = content
    if as_file:
        source = tmp_path / "volume.pdf"
        source.write_bytes(content)
    with transaction.atomic():
        blob_keep_or_put(sha, source)
    assert _read(sha) == content
