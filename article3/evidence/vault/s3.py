"""Sealed blobs in an S3-compatible bucket, through django-storages' S3Storage.

Blobs are sealed (encrypted) by the vault before they reach this module, and the instance key
never does: the bucket only ever holds ciphertext. Keys are ``<prefix>/<sha[:2]>/<sha[2:4]>/<sha>``.

Atomicity: an S3 PUT replaces an object whole, so a reader sees all of a blob or none of it.
"Create unless it exists" is a HEAD (which also spares re-uploading a file already stored),
then a PUT with ``If-None-Match: *``. A server that does not implement conditional writes
gets a plain PUT instead: two writers of the same name then race harmlessly, as both hold the
same plaintext, each sealed in full.

Shredding rewrites the object with its header (the wrapped data key) replaced by noise, then
deletes it. On a bucket with versioning enabled, S3 keeps every earlier version, so the
original wrapped key survives in the bucket's history until those versions are removed:
use an unversioned bucket, or a lifecycle rule that expires noncurrent versions.
"""

import io
import re
import secrets
import shutil
import time
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, NoReturn

from botocore.exceptions import ClientError
from storages.backends.s3 import S3Storage

from article3.evidence.vault.backend import SHA_RE, check_name, new_spool
from article3.evidence.vault.blobformat import read_full
from article3.evidence.vault.fsutil import make_dirs_durable

if TYPE_CHECKING:
    from _typeshed import WriteableBuffer

# One PUT may carry at most 5 GiB; a bigger sealed blob is refused before any byte is sent.
MAX_OBJECT_BYTES = 5 * 1024**3
READ_BUFFER = 1024 * 1024
CONTENT_TYPE = "application/octet-stream"
_PREFIX_RE = re.compile(r"[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*")
_CONFLICT_RETRIES = 3


class S3Backend:
    """The vault's Backend protocol on an S3 bucket. Temporary files stay local, in spool_dir."""

    def __init__(self, storage: S3Storage, *, spool_dir: Path, conditional_put: bool | None = None) -> None:
        """conditional_put: None finds out from the server on the first write; True or False forces it."""
        if not storage.bucket_name:
            raise ValueError("the S3 vault needs a bucket name")
        self.storage = storage
        self.prefix = check_prefix(storage.location or "")
        self.spool_dir = Path(spool_dir).absolute()
        make_dirs_durable(self.spool_dir, stop=Path(self.spool_dir.anchor))
        self.conditional_put = conditional_put

    def __repr__(self) -> str:
        return f"S3Backend(bucket={self.bucket!r}, prefix={self.prefix!r})"

    @property
    def bucket(self) -> str:
        return str(self.storage.bucket_name)

    @property
    def _client(self) -> Any:
        # The storage keeps one boto3 resource per thread; its client is what we call directly.
        return self.storage.connection.meta.client

    def relative(self, name: str) -> str:
        """The blob's name within the prefix (what the Storage API takes)."""
        check_name(name)
        return f"{name[:2]}/{name[2:4]}/{name}"

    def key(self, name: str) -> str:
        """The blob's full object key in the bucket."""
        relative = self.relative(name)
        return f"{self.prefix}/{relative}" if self.prefix else relative

    # Reading

    def exists(self, name: str) -> bool:
        return bool(self.storage.exists(self.relative(name)))

    def read(self, name: str) -> BinaryIO:
        """The object's bytes as they arrive over the connection; nothing is buffered whole."""
        key = self.key(name)
        try:
            response = self._client.get_object(Bucket=self.bucket, Key=key)
        except ClientError as error:
            _raise_missing_or(error, name)
        return io.BufferedReader(_ObjectReader(response["Body"]), READ_BUFFER)

    def size(self, name: str) -> int:
        return int(self._head(name)["ContentLength"])

    def mtime(self, name: str) -> float:
        return float(self._head(name)["LastModified"].timestamp())

    def reachable(self) -> None:
        """Raise unless the bucket answers with these credentials (the readiness check, /readyz)."""
        self._client.head_bucket(Bucket=self.bucket)

    def list(self) -> Iterator[str]:
        """Every blob under the prefix, in name order; other objects there are ignored."""
        root = f"{self.prefix}/" if self.prefix else ""
        pages = self._client.get_paginator("list_objects_v2").paginate(Bucket=self.bucket, Prefix=root)
        for page in pages:
            for entry in page.get("Contents", ()):
                name = entry["Key"].rsplit("/", 1)[-1]
                if SHA_RE.fullmatch(name) and entry["Key"] == self.key(name):
                    yield name

    # Writing

    def write_atomic(self, name: str, chunks: Iterable[bytes]) -> bool:
        check_name(name)
        spool, handle = new_spool(self.spool_dir)
        try:
            with handle:
                for chunk in chunks:
                    handle.write(chunk)
            return self.adopt(name, spool)
        finally:
            spool.unlink(missing_ok=True)

    def adopt(self, name: str, spool: Path) -> bool:
        """Upload the finished local file under name unless it is stored; the spool is removed."""
        try:
            if self.exists(name):
                return False
            return self._upload_new(self.key(name), spool)
        finally:
            spool.unlink(missing_ok=True)

    # Removing

    def delete(self, name: str) -> None:
        # The Storage API treats a missing object as deleted; the vault must know it was absent.
        if not self.exists(name):
            raise FileNotFoundError(f"vault blob {name} is not stored")
        self.storage.delete(self.relative(name))

    def shred(self, name: str, *, header_bytes: int) -> None:
        """Replace the object by a copy whose header is noise, then delete it.

        S3 cannot overwrite part of an object, so the whole copy passes through a local spool
        (ciphertext only). On a versioned bucket the earlier versions, with the real wrapped
        key, remain until they are removed from the bucket's history.
        """
        key = self.key(name)
        spool, handle = new_spool(self.spool_dir)
        try:
            with handle, self.read(name) as source:
                header = read_full(source, header_bytes)
                handle.write(secrets.token_bytes(len(header)))
                shutil.copyfileobj(source, handle, READ_BUFFER)
            with spool.open("rb") as body:
                self._put(key, body)
        finally:
            spool.unlink(missing_ok=True)
        self.storage.delete(self.relative(name))

    # Helpers

    def _head(self, name: str) -> dict[str, Any]:
        try:
            head: dict[str, Any] = self._client.head_object(Bucket=self.bucket, Key=self.key(name))
        except ClientError as error:
            _raise_missing_or(error, name)
        return head

    def _put(self, key: str, body: BinaryIO, **conditions: str) -> None:
        self._client.put_object(Bucket=self.bucket, Key=key, Body=body, ContentType=CONTENT_TYPE, **conditions)

    def _upload_new(self, key: str, spool: Path) -> bool:
        """PUT the spool under key unless an object is there; False if one was (or appeared)."""
        size = spool.stat().st_size
        if size > MAX_OBJECT_BYTES:
            raise ValueError(f"a sealed file of {size} bytes is over the 5 GiB an S3 upload may hold")
        with spool.open("rb") as body:
            if self.conditional_put is not False:
                created = self._put_conditional(key, body)
                if created is not None:
                    return created
            body.seek(0)
            self._put(key, body)
        return True

    def _put_conditional(self, key: str, body: BinaryIO) -> bool | None:
        """True if created, False if the name exists; None if the server does not implement it."""
        for attempt in range(_CONFLICT_RETRIES):
            time.sleep(0.5 * attempt)
            body.seek(0)
            try:
                self._put(key, body, IfNoneMatch="*")
            except ClientError as error:
                status, code = _status(error), _code(error)
                if status == 412:
                    return False
                if status == 409:  # another conditional write to this key is in flight: try again
                    continue
                if status == 501 or code == "NotImplemented":
                    self.conditional_put = False
                    return None
                raise
            self.conditional_put = True
            return True
        raise OSError(f"the S3 server kept refusing a write to {key} as conflicting; try again later")


def check_prefix(prefix: str) -> str:
    """A key prefix of plain path segments; leading and trailing slashes are dropped."""
    cleaned = prefix.strip("/")
    if cleaned and (not _PREFIX_RE.fullmatch(cleaned) or ".." in cleaned.split("/")):
        raise ValueError(
            f"the S3 key prefix {prefix!r} must be path segments of letters, digits, '.', '_' or '-'"
        )
    return cleaned


def s3_backend(config: Mapping[str, str | None], *, spool_dir: Path) -> S3Backend:
    """The backend the settings describe (keys bucket, prefix, endpoint_url, region).

    Credentials are not passed here: boto3 finds them itself (AWS_ACCESS_KEY_ID and
    AWS_SECRET_ACCESS_KEY, a profile, or the instance's role), so they never enter settings.
    """
    storage = S3Storage(
        bucket_name=config.get("bucket"),
        location=check_prefix(config.get("prefix") or ""),
        endpoint_url=config.get("endpoint_url") or None,
        region_name=config.get("region") or None,
        default_acl=None,
        querystring_auth=False,
        file_overwrite=True,
    )
    return S3Backend(storage, spool_dir=spool_dir)


class _ObjectReader(io.RawIOBase):
    """A raw stream over an S3 response body; closing it releases the connection."""

    def __init__(self, body: Any) -> None:
        super().__init__()
        self._body = body

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: "WriteableBuffer") -> int:
        target = memoryview(buffer).cast("B")
        data = self._body.read(len(target))
        target[: len(data)] = data
        return len(data)

    def close(self) -> None:
        if not self.closed:
            self._body.close()
        super().close()


def _status(error: ClientError) -> int:
    return int(error.response.get("ResponseMetadata", {}).get("HTTPStatusCode", 0))


def _code(error: ClientError) -> str:
    return str(error.response.get("Error", {}).get("Code", ""))


def _raise_missing_or(error: ClientError, name: str) -> NoReturn:
    """A missing object is FileNotFoundError, as for local files; any other failure is raised as is."""
    if _status(error) == 404 or _code(error) in ("NoSuchKey", "404", "NotFound"):
        raise FileNotFoundError(f"vault blob {name} is not stored") from None
    raise error
