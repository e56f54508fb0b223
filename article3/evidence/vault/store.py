"""The vault: a content-addressed, encrypted, crash-safe store of evidence files."""

import hashlib
import io
import os
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, TypeVar

from article3.evidence.vault.backend import (
    TMP_DIR,
    Backend,
    LocalBackend,
    check_name,
    new_spool,
)
from article3.evidence.vault.blobformat import (
    HEADER_BYTES,
    BlobFormatError,
    BlobKeyMismatch,
    check_segment_size,
    open_sealed,
    read_pieces,
    seal,
)
from article3.evidence.vault.errors import BlobNotFound, VaultCorruption, VaultKeyError
from article3.evidence.vault.fsutil import make_dirs_durable
from article3.evidence.vault.keys import check_instance_key, key_fingerprint

if TYPE_CHECKING:
    from _typeshed import WriteableBuffer

DEFAULT_SEGMENT_SIZE = 1024 * 1024
# A blob younger than this may still be waiting for its database row, and a temporary file
# this young may belong to a write in progress: neither is reported for removal yet.
DEFAULT_GRACE_SECONDS = 3600.0

T = TypeVar("T")


@dataclass(frozen=True)
class PutResult:
    sha256: str
    size: int
    created: bool


@dataclass(frozen=True)
class VerifyReport:
    """Outcome of a fixity check of the whole vault against the hashes the database knows."""

    ok: list[str] = field(default_factory=list)
    mismatched: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    orphans: list[str] = field(default_factory=list)
    leftovers: list[str] = field(default_factory=list)
    pending: list[str] = field(default_factory=list)  # unknown but younger than the grace

    @property
    def clean(self) -> bool:
        return not (self.mismatched or self.missing or self.orphans or self.leftovers)


@dataclass(frozen=True)
class FixResult:
    removed_orphans: list[str]
    removed_leftovers: list[str]


class Vault:
    """Stores files by the SHA-256 of their plaintext, sealed under a per-file data key.

    The instance key is held in memory only; it wraps each blob's data key.
    """

    def __init__(
        self,
        *,
        root: Path,
        key: bytes,
        backend: Backend | None = None,
        segment_size: int = DEFAULT_SEGMENT_SIZE,
    ) -> None:
        check_instance_key(key)
        check_segment_size(segment_size)
        self._key = key
        self.root = Path(root).absolute()
        self.tmp = self.root / TMP_DIR
        make_dirs_durable(self.tmp, stop=Path(self.root.anchor))
        self.backend: Backend = backend if backend is not None else LocalBackend(self.root)
        self.segment_size = segment_size

    def __repr__(self) -> str:
        return f"Vault(root={str(self.root)!r}, key={self.key_fingerprint})"

    @property
    def key_fingerprint(self) -> str:
        return key_fingerprint(self._key)

    # Writing

    def put(self, *, stream: BinaryIO) -> PutResult:
        """Seal stream into the vault; only after this returns may a database row name it."""
        spool, handle = new_spool(self.tmp)
        measure = _Measure()
        try:
            with handle:
                pieces = measure.track(read_pieces(stream, self.segment_size))
                sealed = seal(instance_key=self._key, pieces=pieces, segment_size=self.segment_size)
                for chunk in sealed:
                    handle.write(chunk)
                handle.flush()
                os.fsync(handle.fileno())
            created = self.backend.adopt(measure.hexdigest(), spool)
        finally:
            spool.unlink(missing_ok=True)
        return PutResult(sha256=measure.hexdigest(), size=measure.size, created=created)

    # Reading

    def iter_plain(self, sha: str) -> "PlainChunks":
        """Verified plaintext chunks. The header is checked now; each segment as it is read.

        The last step (after the final chunk) re-checks the hash against the name, so a
        consumer that reads to the end has read exactly the file that was stored. The blob
        stays open until the end is reached or close() is called (Django's streaming
        responses call it).
        """
        handle = self._open_blob(sha)
        try:
            with _translating(sha, expected_fp=self.key_fingerprint):
                segments = open_sealed(instance_key=self._key, stream=handle)
        except BaseException:
            handle.close()
            raise
        return PlainChunks(sha, handle, segments, expected_fp=self.key_fingerprint)

    def open(self, sha: str) -> BinaryIO:
        """A buffered, file-like reader of the plaintext (see iter_plain)."""
        return io.BufferedReader(_PlainReader(self.iter_plain(sha)), DEFAULT_SEGMENT_SIZE)

    def exists(self, sha: str) -> bool:
        return self.backend.exists(check_name(sha))

    def verify(self, sha: str) -> bool:
        """Decrypt and rehash; False if damaged. A wrong instance key raises VaultKeyError."""
        try:
            for _chunk in self.iter_plain(sha):
                pass
        except VaultCorruption:
            return False
        return True

    def iter_blobs(self) -> Iterator[str]:
        return self.backend.list()

    def size_on_disk(self, sha: str) -> int:
        return self._existing(sha, self.backend.size)

    # Removing

    def remove(self, sha: str) -> None:
        self._existing(sha, self.backend.delete)

    def shred(self, sha: str) -> None:
        """Destroy the blob's wrapped data key in place, then delete the blob."""
        self._existing(sha, lambda name: self.backend.shred(name, header_bytes=HEADER_BYTES))

    # Fixity

    def tmp_leftovers(self, *, min_age_seconds: float = 0.0) -> list[str]:
        """Temporary files (names within <root>/tmp/) at least min_age_seconds old."""
        cutoff = time.time() - min_age_seconds
        entries = sorted(self.tmp.iterdir())
        return [e.name for e in entries if e.is_file() and e.stat().st_mtime <= cutoff]

    def verify_all(
        self, known: Iterable[str], *, grace_seconds: float = DEFAULT_GRACE_SECONDS
    ) -> VerifyReport:
        """Re-hash every known blob; list missing ones, orphans and leftover temporary files."""
        known_set = {check_name(sha) for sha in known}
        present = set(self.iter_blobs())
        ok, mismatched = _partition(sorted(known_set & present), self.verify)
        cutoff = time.time() - grace_seconds
        unknown = sorted(present - known_set)
        old, young = _partition(unknown, lambda sha: self.backend.mtime(sha) <= cutoff)
        return VerifyReport(
            ok=ok,
            mismatched=mismatched,
            missing=sorted(known_set - present),
            orphans=old,
            leftovers=self.tmp_leftovers(min_age_seconds=grace_seconds),
            pending=young,
        )

    def fix(self, report: VerifyReport) -> FixResult:
        """Shred the report's orphans and remove leftover temporary files; nothing else.

        Orphans are shredded, not just deleted: one may be the original of a purged case.
        """
        orphans = [sha for sha in report.orphans if self._discard_blob(sha)]
        leftovers = [name for name in report.leftovers if self._discard_leftover(name)]
        return FixResult(removed_orphans=orphans, removed_leftovers=leftovers)

    # Helpers

    def _open_blob(self, sha: str) -> BinaryIO:
        try:
            return self.backend.read(check_name(sha))
        except FileNotFoundError:
            raise BlobNotFound(sha) from None

    def _existing(self, sha: str, action: Callable[[str], T]) -> T:
        try:
            return action(check_name(sha))
        except FileNotFoundError:
            raise BlobNotFound(sha) from None

    def _discard_blob(self, sha: str) -> bool:
        try:
            self.backend.shred(check_name(sha), header_bytes=HEADER_BYTES)
        except FileNotFoundError:
            return False
        return True

    def _discard_leftover(self, name: str) -> bool:
        if "/" in name or "\\" in name or name in {"", ".", ".."}:
            raise ValueError("a leftover must be a plain file name inside the vault's tmp folder")
        try:
            (self.tmp / name).unlink()
        except FileNotFoundError:
            return False
        return True


class PlainChunks(Iterator[bytes]):
    """Iterator of a blob's verified plaintext that owns, and closes, the open blob."""

    def __init__(
        self, sha: str, handle: BinaryIO, segments: Iterator[bytes], *, expected_fp: str
    ) -> None:
        self.sha = sha
        self._handle = handle
        self._segments = segments
        self._expected_fp = expected_fp
        self._digest = hashlib.sha256()

    def __next__(self) -> bytes:
        if self._handle.closed:
            raise StopIteration
        try:
            with _translating(self.sha, expected_fp=self._expected_fp):
                segment = next(self._segments)
        except StopIteration:
            self.close()
            self._check_digest()
            raise
        except BaseException:
            self.close()
            raise
        self._digest.update(segment)
        return segment

    def close(self) -> None:
        self._handle.close()

    def __del__(self) -> None:
        # An abandoned iterator (a streamed response nobody read to the end) must not leave
        # the blob open until the file object's own finaliser warns at some unrelated moment.
        handle = getattr(self, "_handle", None)
        if handle is not None:
            handle.close()

    def _check_digest(self) -> None:
        if self._digest.hexdigest() != self.sha:
            raise VaultCorruption(self.sha, "content does not hash to its name")


class _Measure:
    """Hashes and counts plaintext while it streams past."""

    def __init__(self) -> None:
        self._digest = hashlib.sha256()
        self.size = 0

    def track(self, pieces: Iterable[bytes]) -> Iterator[bytes]:
        for piece in pieces:
            self._digest.update(piece)
            self.size += len(piece)
            yield piece

    def hexdigest(self) -> str:
        return self._digest.hexdigest()


class _PlainReader(io.RawIOBase):
    """Adapts an iterator of chunks to a raw binary stream."""

    def __init__(self, chunks: PlainChunks) -> None:
        super().__init__()
        self._chunks = chunks
        self._pending = memoryview(b"")

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: "WriteableBuffer") -> int:
        while not self._pending:
            chunk = next(self._chunks, None)
            if chunk is None:
                return 0
            self._pending = memoryview(chunk)
        target = memoryview(buffer).cast("B")
        count = min(len(target), len(self._pending))
        target[:count] = self._pending[:count]
        self._pending = self._pending[count:]
        return count

    def close(self) -> None:
        if not self.closed:
            self._chunks.close()
        super().close()


@contextmanager
def _translating(sha: str, *, expected_fp: str) -> Iterator[None]:
    """Turn format-level errors into vault errors that name the blob."""
    try:
        yield
    except BlobFormatError as error:
        raise VaultCorruption(sha, str(error)) from None
    except BlobKeyMismatch as error:
        raise VaultKeyError(sha, expected=expected_fp, found=error.found) from None


def _partition(items: list[str], test: Callable[[str], bool]) -> tuple[list[str], list[str]]:
    yes = [item for item in items if test(item)]
    chosen = set(yes)
    return yes, [item for item in items if item not in chosen]
