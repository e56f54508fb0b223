"""The S3 vault backend against a real S3 endpoint (moto's server on 127.0.0.1).

The backend-level checks run on both backends, local and S3, so the two keep one behaviour.
"""

import hashlib
import http.client
import io
import json
import os
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import boto3
import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from moto.server import ThreadedMotoServer

from article3.audit.models import AuditEntry
from article3.backup.backup import backup_create
from article3.cases.models import Case
from article3.evidence.models import Document
from article3.evidence.services import document_add
from article3.evidence.storage import vault, vault_verify
from article3.evidence.vault import Backend, BlobNotFound, LocalBackend, Vault
from article3.evidence.vault.blobformat import HEADER_BYTES, TAG_BYTES
from article3.evidence.vault.s3 import S3Backend, check_prefix, s3_backend
from article3.retention import case_purge
from tests.evidence import samples

REGION = "us-east-1"
PREFIX = "vault"
MIB = 1024 * 1024
NAME = "ab" * 32
OTHER = "cd" * 32
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def endpoint() -> Iterator[str]:
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    try:
        yield f"http://{host}:{port}"
    finally:
        server.stop()


@pytest.fixture(autouse=True)
def _credentials(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "vault-test-id")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "vault-test-secret")
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "no-aws-config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "no-aws-credentials"))


@pytest.fixture
def s3(endpoint: str) -> Any:
    return boto3.client("s3", endpoint_url=endpoint, region_name=REGION)


@pytest.fixture
def bucket(s3: Any) -> str:
    name = f"vault-{uuid.uuid4().hex[:12]}"
    s3.create_bucket(Bucket=name)
    return name


def config(endpoint: str, bucket: str, prefix: str = PREFIX) -> dict[str, str | None]:
    return {"bucket": bucket, "endpoint_url": endpoint, "region": REGION, "prefix": prefix}


def make_s3_backend(endpoint: str, bucket: str, tmp_path: Path) -> S3Backend:
    return s3_backend(config(endpoint, bucket), spool_dir=tmp_path / "spool")


def objects(s3: Any, bucket: str) -> dict[str, bytes]:
    listed = s3.list_objects_v2(Bucket=bucket).get("Contents", [])
    return {o["Key"]: s3.get_object(Bucket=bucket, Key=o["Key"])["Body"].read() for o in listed}


def spooled(folder: Path, data: bytes) -> Path:
    folder.mkdir(exist_ok=True)
    path = folder / f"{uuid.uuid4().hex}.part"
    path.write_bytes(data)
    return path


def read_back(backend: Backend, name: str) -> bytes:
    with backend.read(name) as handle:
        return handle.read()


@pytest.fixture(params=["local", "s3"])
def backend(request: pytest.FixtureRequest, tmp_path: Path) -> Backend:
    if request.param == "local":
        return LocalBackend(tmp_path / "local")
    return make_s3_backend(request.getfixturevalue("endpoint"), request.getfixturevalue("bucket"), tmp_path)


@pytest.fixture(params=["local", "s3"])
def any_vault(request: pytest.FixtureRequest, tmp_path: Path) -> Vault:
    root, key = tmp_path / "vault", os.urandom(32)
    if request.param == "local":
        return Vault(root=root, key=key)
    chosen = s3_backend(config(request.getfixturevalue("endpoint"), request.getfixturevalue("bucket")),
                        spool_dir=root / "tmp")
    return Vault(root=root, key=key, backend=chosen)


# The Backend protocol, on both backends


def test_write_read_and_no_clobber(backend: Backend) -> None:
    assert not backend.exists(NAME)
    assert backend.write_atomic(NAME, [b"one", b"two"]) is True
    assert backend.exists(NAME) and read_back(backend, NAME) == b"onetwo"
    assert backend.write_atomic(NAME, [b"other"]) is False
    assert read_back(backend, NAME) == b"onetwo", "an existing blob is never replaced"
    assert backend.size(NAME) == 6
    assert abs(backend.mtime(NAME) - time.time()) < 120


def test_adopt_moves_the_spool_in_and_removes_it(backend: Backend, tmp_path: Path) -> None:
    first = spooled(tmp_path / "spools", b"first sealed file")
    assert backend.adopt(NAME, first) is True
    assert not first.exists()
    second = spooled(tmp_path / "spools", b"second copy")
    assert backend.adopt(NAME, second) is False
    assert not second.exists(), "a spool that was not needed is discarded"
    assert read_back(backend, NAME) == b"first sealed file"


def test_list_gives_every_blob_in_name_order(backend: Backend) -> None:
    assert list(backend.list()) == []
    for name in (OTHER, NAME, "00" * 32):
        backend.write_atomic(name, [name.encode()])
    assert list(backend.list()) == ["00" * 32, NAME, OTHER]


def test_delete_and_missing_blobs(backend: Backend) -> None:
    backend.write_atomic(NAME, [b"to delete"])
    backend.delete(NAME)
    assert not backend.exists(NAME) and list(backend.list()) == []
    for action in (backend.delete, backend.read, backend.size, backend.mtime):
        with pytest.raises(FileNotFoundError):
            action(NAME)


def test_shred_leaves_nothing_readable(backend: Backend) -> None:
    backend.write_atomic(NAME, [os.urandom(HEADER_BYTES + 1000)])
    backend.shred(NAME, header_bytes=HEADER_BYTES)
    assert not backend.exists(NAME) and list(backend.list()) == []
    with pytest.raises(FileNotFoundError):
        backend.read(NAME)


@pytest.mark.parametrize("name", ["../../etc/passwd", "AB" * 32, "g" * 64, "0" * 63, "", "ab/" + "0" * 61])
def test_names_that_are_not_sha256_are_refused(backend: Backend, name: str, tmp_path: Path) -> None:
    calls: list[Callable[[], object]] = [
        lambda: backend.exists(name), lambda: backend.read(name), lambda: backend.size(name),
        lambda: backend.delete(name), lambda: backend.write_atomic(name, [b"x"]),
        lambda: backend.adopt(name, spooled(tmp_path / "spools", b"x")),
    ]
    for call in calls:
        with pytest.raises(ValueError, match="64 lowercase hex"):
            call()
    assert list(backend.list()) == []


# The vault on both backends


def test_large_multi_segment_round_trip(any_vault: Vault) -> None:
    data = os.urandom(5 * MIB + 123)  # six 1 MiB segments, the last short
    result = any_vault.put(stream=io.BytesIO(data))
    assert (result.sha256, result.size, result.created) == (hashlib.sha256(data).hexdigest(), len(data), True)
    assert any_vault.open(result.sha256).read() == data
    assert any_vault.verify(result.sha256)
    assert any_vault.size_on_disk(result.sha256) == HEADER_BYTES + len(data) + 6 * TAG_BYTES
    assert any_vault.tmp_leftovers() == []


def test_same_content_is_stored_once(any_vault: Vault) -> None:
    first = any_vault.put(stream=io.BytesIO(b"the same statement twice"))
    second = any_vault.put(stream=io.BytesIO(b"the same statement twice"))
    assert first.created and not second.created
    assert list(any_vault.iter_blobs()) == [first.sha256]


def test_missing_blob_is_not_found(any_vault: Vault) -> None:
    missing = hashlib.sha256(b"never stored").hexdigest()
    assert not any_vault.exists(missing)
    for action in (any_vault.open, any_vault.remove, any_vault.shred, any_vault.size_on_disk):
        with pytest.raises(BlobNotFound, match=missing):
            action(missing)


def test_shredded_blob_cannot_be_read(any_vault: Vault) -> None:
    sha = any_vault.put(stream=io.BytesIO(b"a declaration to destroy")).sha256
    any_vault.shred(sha)
    assert not any_vault.exists(sha)
    with pytest.raises(BlobNotFound):
        any_vault.open(sha)


def test_fixity_finds_orphans_and_fix_removes_them(any_vault: Vault) -> None:
    known = any_vault.put(stream=io.BytesIO(b"known")).sha256
    orphan = any_vault.put(stream=io.BytesIO(b"orphan")).sha256
    report = any_vault.verify_all({known}, grace_seconds=0)
    assert (report.ok, report.orphans, report.missing) == ([known], [orphan], [])
    assert any_vault.verify_all({known}).pending == [orphan], "a new blob is not an orphan yet"
    assert any_vault.fix(report).removed_orphans == [orphan]
    assert list(any_vault.iter_blobs()) == [known]


# S3 only


def test_objects_are_sealed_under_the_prefix_and_hold_no_plaintext(
    endpoint: str, bucket: str, s3: Any, tmp_path: Path
) -> None:
    root = tmp_path / "vault"
    store = Vault(root=root, key=os.urandom(32), backend=make_s3_backend(endpoint, bucket, tmp_path),
                  segment_size=4096)
    canary = b"CANARY-51c2-held-at-the-airport-and-beaten"
    shas = [store.put(stream=io.BytesIO(os.urandom(4096) + canary * 100)).sha256,
            store.put(stream=io.BytesIO(canary)).sha256]
    stored = objects(s3, bucket)
    assert sorted(stored) == sorted(f"{PREFIX}/{s[:2]}/{s[2:4]}/{s}" for s in shas)
    for raw in stored.values():
        assert raw[:4] == b"A3V1" and canary not in raw
        assert canary.decode("ascii").encode("utf-16-le") not in raw
    assert [p for p in root.rglob("*") if p.is_file()] == [], "nothing of the blobs stays on local disk"


def test_tampered_object_is_reported_damaged(endpoint: str, bucket: str, s3: Any, tmp_path: Path) -> None:
    store = Vault(root=tmp_path / "vault", key=os.urandom(32), backend=make_s3_backend(endpoint, bucket, tmp_path))
    good = store.put(stream=io.BytesIO(b"good")).sha256
    bad = store.put(stream=io.BytesIO(b"will be damaged")).sha256
    key = f"{PREFIX}/{bad[:2]}/{bad[2:4]}/{bad}"
    raw = bytearray(s3.get_object(Bucket=bucket, Key=key)["Body"].read())
    raw[HEADER_BYTES + 3] ^= 1
    s3.put_object(Bucket=bucket, Key=key, Body=bytes(raw))
    report = store.verify_all({good, bad}, grace_seconds=0)
    assert (report.ok, report.mismatched) == ([good], [bad])


def test_stray_objects_are_not_blobs(endpoint: str, bucket: str, s3: Any, tmp_path: Path) -> None:
    backend = make_s3_backend(endpoint, bucket, tmp_path)
    backend.write_atomic(NAME, [b"real"])
    for stray in (f"{PREFIX}/README", f"{PREFIX}/ab/ab/notes.txt", f"{PREFIX}/cd/cd/{NAME}",
                  f"elsewhere/ab/ab/{NAME}", f"{PREFIX}/ab/ab/{NAME}/x"):
        s3.put_object(Bucket=bucket, Key=stray, Body=b"stray")
    assert list(backend.list()) == [NAME]


def test_shred_overwrites_the_wrapped_key_before_deleting(
    endpoint: str, bucket: str, s3: Any, tmp_path: Path
) -> None:
    # Versioning keeps every state of the object, so the overwrite itself can be seen.
    s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Enabled"})
    backend = make_s3_backend(endpoint, bucket, tmp_path)
    original = os.urandom(HEADER_BYTES + 5000)
    backend.write_atomic(NAME, [original])
    backend.shred(NAME, header_bytes=HEADER_BYTES)
    assert not backend.exists(NAME)
    key = backend.key(NAME)
    listed = s3.list_object_versions(Bucket=bucket, Prefix=key)
    assert len(listed["DeleteMarkers"]) == 1
    contents = [s3.get_object(Bucket=bucket, Key=key, VersionId=v["VersionId"])["Body"].read()
                for v in listed["Versions"]]
    assert len(contents) == 2 and original in contents, "versioned buckets keep the old version (README)"
    (noise,) = [c for c in contents if c != original]
    assert noise[:HEADER_BYTES] != original[:HEADER_BYTES]
    assert noise[HEADER_BYTES:] == original[HEADER_BYTES:]
    assert list(tmp_path.joinpath("spool").iterdir()) == []


def test_conditional_put_refuses_to_replace_an_object(endpoint: str, bucket: str, tmp_path: Path) -> None:
    backend = make_s3_backend(endpoint, bucket, tmp_path)
    assert backend.conditional_put is None
    backend.write_atomic(NAME, [b"first"])
    assert backend.conditional_put is True, "the server honoured If-None-Match"
    # As if another writer created the object between our HEAD and our PUT:
    assert backend._upload_new(backend.key(NAME), spooled(tmp_path / "spools", b"second")) is False
    assert read_back(backend, NAME) == b"first"


class _NoConditionalWrites(BaseHTTPRequestHandler):
    """Forwards to the S3 endpoint, answering a conditional PUT as servers without it do."""

    protocol_version = "HTTP/1.1"
    upstream = ("127.0.0.1", 0)
    refused = 0

    def _forward(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        if self.command == "PUT" and "If-None-Match" in self.headers:
            type(self).refused += 1
            return self._reply(501, {}, b"<Error><Code>NotImplemented</Code><Message>A header you provided "
                                        b"implies functionality that is not implemented</Message></Error>")
        headers = {k: v for k, v in self.headers.items() if k.lower() != "expect"}
        connection = http.client.HTTPConnection(*self.upstream, timeout=30)
        try:
            connection.request(self.command, self.path, body=body, headers=headers)
            answer = connection.getresponse()
            data = answer.read()
            self._reply(answer.status, dict(answer.getheaders()), data)
        finally:
            connection.close()

    def _reply(self, status: int, headers: dict[str, str], data: bytes) -> None:
        self.send_response(status)
        for name, value in headers.items():
            if name.lower() not in ("transfer-encoding", "connection", "content-length", "server", "date"):
                self.send_header(name, value)
        length = headers.get("Content-Length", str(len(data))) if self.command == "HEAD" else str(len(data))
        self.send_header("Content-Length", length)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    do_GET = do_PUT = do_HEAD = do_DELETE = do_POST = _forward

    def log_message(self, format: str, *args: Any) -> None:
        pass


def test_servers_without_conditional_writes_get_head_then_put(endpoint: str, bucket: str, tmp_path: Path) -> None:
    host, port = endpoint.removeprefix("http://").split(":")
    handler = type("Handler", (_NoConditionalWrites,), {"upstream": (host, int(port)), "refused": 0})
    proxy = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=proxy.serve_forever, daemon=True)
    thread.start()
    try:
        backend = s3_backend(config(f"http://127.0.0.1:{proxy.server_port}", bucket), spool_dir=tmp_path / "spool")
        assert backend.write_atomic(NAME, [b"first"]) is True
        assert backend.conditional_put is False and handler.refused == 1
        assert backend.write_atomic(NAME, [b"second"]) is False
        assert backend.write_atomic(OTHER, [b"other"]) is True
        assert handler.refused == 1, "once refused, the condition is not sent again"
        assert (read_back(backend, NAME), read_back(backend, OTHER)) == (b"first", b"other")
    finally:
        proxy.shutdown()
        proxy.server_close()
        thread.join()


_MEMORY_SCRIPT = """
import hashlib, io, json, os, sys, tracemalloc
from pathlib import Path
import django
django.setup()
from article3.evidence.vault import Vault
from article3.evidence.vault.s3 import s3_backend
endpoint, bucket, root, source = sys.argv[1:5]
backend = s3_backend({"bucket": bucket, "endpoint_url": endpoint, "region": "us-east-1", "prefix": "vault"},
                     spool_dir=Path(root) / "tmp")
vault = Vault(root=Path(root), key=bytes.fromhex(os.environ["TEST_VAULT_KEY"]), backend=backend)
backend.exists("0" * 64)  # boto3's client and service model are a fixed cost, loaded before measuring
tracemalloc.start()
with open(source, "rb") as stream:
    sha = vault.put(stream=stream).sha256
put_peak = tracemalloc.get_traced_memory()[1]
tracemalloc.reset_peak()
digest = hashlib.sha256()
for chunk in vault.iter_plain(sha):
    digest.update(chunk)
print(json.dumps({"sha": sha, "read": digest.hexdigest(), "put_peak": put_peak,
                  "read_peak": tracemalloc.get_traced_memory()[1]}))
"""


def test_large_blobs_stream_through_s3_in_bounded_memory(endpoint: str, bucket: str, tmp_path: Path) -> None:
    source = tmp_path / "large.bin"
    digest = hashlib.sha256()
    with source.open("wb") as out:
        for _ in range(24):
            piece = os.urandom(MIB)
            digest.update(piece)
            out.write(piece)
    # The server runs in this process and holds the object in memory; the client is measured apart.
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "article3.settings", "ARTICLE3_DATA": str(tmp_path / "data"),
           "TEST_VAULT_KEY": os.urandom(32).hex()}
    done = subprocess.run([sys.executable, "-c", _MEMORY_SCRIPT, endpoint, bucket, str(tmp_path / "vault"),
                           str(source)], env=env, cwd=ROOT, capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    measured = json.loads(done.stdout.strip().splitlines()[-1])
    assert measured["sha"] == measured["read"] == digest.hexdigest()
    assert measured["put_peak"] < 8 * MIB, measured
    assert measured["read_peak"] < 8 * MIB, measured


# Configuration


@pytest.mark.parametrize(("env", "message"), [
    ({"ARTICLE3_VAULT": "s3"}, "ARTICLE3_VAULT=s3 needs ARTICLE3_S3_BUCKET"),
    ({"ARTICLE3_VAULT": "ftp"}, "ARTICLE3_VAULT must be 'local' or 's3', not 'ftp'"),
])
def test_startup_names_the_missing_or_wrong_setting(env: dict[str, str], message: str, tmp_path: Path) -> None:
    base = {k: v for k, v in os.environ.items() if not k.startswith("ARTICLE3_S3_")}
    done = subprocess.run([sys.executable, "-c", "import django; django.setup()"],
                          env={**base, "DJANGO_SETTINGS_MODULE": "article3.settings",
                               "ARTICLE3_DATA": str(tmp_path / "data"), **env},
                          cwd=ROOT, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode != 0
    assert "ImproperlyConfigured" in done.stderr and message in done.stderr
    assert "vault-test-secret" not in done.stderr


_ENV_SCRIPT = """
import io, django
django.setup()
from article3.evidence.storage import vault
print(repr(vault().backend), vault().put(stream=io.BytesIO(b"chosen by the environment")).sha256)
"""


def test_the_environment_chooses_the_s3_vault(endpoint: str, bucket: str, s3: Any, tmp_path: Path) -> None:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "article3.settings", "ARTICLE3_DATA": str(tmp_path / "data"),
           "ARTICLE3_VAULT": "S3", "ARTICLE3_S3_BUCKET": bucket, "ARTICLE3_S3_ENDPOINT_URL": endpoint,
           "ARTICLE3_S3_REGION": REGION, "ARTICLE3_S3_PREFIX": "/team/vault/"}
    done = subprocess.run([sys.executable, "-c", _ENV_SCRIPT], env=env, cwd=ROOT, capture_output=True, text=True,
                          timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    sha = hashlib.sha256(b"chosen by the environment").hexdigest()
    assert done.stdout.split() == [f"S3Backend(bucket={bucket!r},", "prefix='team/vault')", sha]
    assert list(objects(s3, bucket)) == [f"team/vault/{sha[:2]}/{sha[2:4]}/{sha}"]
    assert "vault-test-secret" not in done.stdout + done.stderr


@pytest.mark.parametrize("prefix", ["../up", "a/../b", "with space", "a//b", "é"])
def test_a_bad_key_prefix_is_refused(prefix: str) -> None:
    with pytest.raises(ValueError, match="S3 key prefix"):
        check_prefix(prefix)


def test_the_prefix_loses_its_slashes_and_may_be_empty(endpoint: str, bucket: str, tmp_path: Path) -> None:
    assert check_prefix("/team/vault/") == "team/vault"
    backend = s3_backend(config(endpoint, bucket, prefix=""), spool_dir=tmp_path / "spool")
    backend.write_atomic(NAME, [b"at the root"])
    assert backend.key(NAME) == f"ab/ab/{NAME}" and list(backend.list()) == [NAME]
    assert "secret" not in repr(backend).lower() and bucket in repr(backend)


# End to end: the instance's vault on S3


@pytest.fixture
def s3_vault(settings: Any, endpoint: str, bucket: str) -> Iterator[str]:
    settings.ARTICLE3_VAULT = "s3"
    settings.ARTICLE3_S3 = config(endpoint, bucket)
    vault.cache_clear()
    try:
        yield bucket
    finally:
        vault.cache_clear()


@pytest.mark.django_db
def test_evidence_added_downloaded_verified_backed_up_and_purged_on_s3(
    s3_vault: str, s3: Any, case: Case, alice: User, as_alice: Client, data_dir: Path, tmp_path: Path,
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    assert isinstance(vault().backend, S3Backend)
    content = samples.text_pdf(["Declaration of the applicant, stored in a bucket"])
    with django_capture_on_commit_callbacks(execute=True):
        document = document_add(actor=alice, case=case, stream=io.BytesIO(content), filename="decl.pdf",
                                kind="declaration")
    document = Document.objects.get(pk=document.pk)
    assert document.status == "ready", document.error_message
    shas = {document.original_sha256, document.derived_sha256}
    assert set(objects(s3, s3_vault)) == {f"{PREFIX}/{s[:2]}/{s[2:4]}/{s}" for s in shas}
    local = [data_dir / "vault" / s[:2] / s[2:4] / s for s in shas]
    assert not any(path.exists() for path in local), "not written to the local vault"

    url = reverse("evidence_original", kwargs={"case_id": case.public_id, "key": document.key})
    response = as_alice.get(url)
    assert b"".join(response.streaming_content) == content  # type: ignore[attr-defined]
    assert AuditEntry.objects.filter(action="evidence.document.downloaded", case_id=case.pk).count() == 1

    fixity = vault_verify(fix=False)
    assert fixity["ok"] and fixity["intact"] == 2 and fixity["damaged"] == fixity["missing"] == []

    backup = backup_create(actor="test", out=tmp_path / "backup")
    assert backup.blobs == 2
    for sha in shas:
        copied = tmp_path / "backup" / "vault" / sha[:2] / sha[2:4] / sha
        assert copied.read_bytes() == objects(s3, s3_vault)[f"{PREFIX}/{sha[:2]}/{sha[2:4]}/{sha}"]

    with django_capture_on_commit_callbacks(execute=True):
        case_purge(actor="test", case=case)
    assert objects(s3, s3_vault) == {}, "the purge shredded the case's files in the bucket"
    assert vault_verify(fix=False)["ok"]
