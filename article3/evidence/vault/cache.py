"""A cache of derived files, sealed like the vault's: lose it and the work is only done again.

Entries hold case content (a bundle's stamped pages, for one), so each is sealed under the
instance key in the vault's blob format (AES-256-GCM segments, see blobformat). Unlike the
vault, an entry is named by the caller, not by its content; the plaintext starts with the
name, so an entry copied over another name is refused rather than served. Anything wrong
with an entry (damaged, sealed under another key, half written) makes it a miss.

Names start with the SHA-256 of the file the entry was made from, then a dash, so that
shredding that file can drop what was made from it (`forget`). `prune` keeps the folder under
a size and drops entries not used for `MAX_AGE_SECONDS`; a hit marks an entry as used.
"""

import io
import os
import re
import tempfile
import time
from pathlib import Path

from article3.evidence.vault.blobformat import (
    BlobFormatError,
    BlobKeyMismatch,
    open_sealed,
    read_pieces,
    seal,
)
from article3.evidence.vault.keys import check_instance_key

SEGMENT_SIZE = 1024 * 1024
MAX_AGE_SECONDS = 30 * 24 * 3600
NAME = re.compile(r"[0-9a-f]{64}-[0-9a-f]{64}")


class SealedCache:
    def __init__(self, *, root: Path, key: bytes, max_bytes: int) -> None:
        check_instance_key(key)
        self.root = root
        self.max_bytes = max_bytes
        self._key = key

    def load(self, name: str, *, into: Path) -> bool:
        """Write the entry's content to `into`; False (and `into` unusable) when there is none."""
        path, label = self._path(name), name.encode() + b"\n"
        try:
            with path.open("rb") as handle, into.open("wb") as out:
                chunks = open_sealed(instance_key=self._key, stream=handle)
                first = next(chunks)
                if not first.startswith(label):
                    return False
                out.write(first[len(label) :])
                for chunk in chunks:
                    out.write(chunk)
            os.utime(path)
        except FileNotFoundError:
            return False
        except (OSError, BlobFormatError, BlobKeyMismatch):
            path.unlink(missing_ok=True)
            return False
        return True

    def save(self, name: str, *, source: Path) -> None:
        """Store a copy of the file `source`; a failure (disk full, folder gone) only means a later miss."""
        path = self._path(name)
        try:
            plain = name.encode() + b"\n" + source.read_bytes()
            self.root.mkdir(parents=True, exist_ok=True)
            handle = tempfile.NamedTemporaryFile(dir=self.root, prefix=".", delete=False)  # noqa: SIM115
        except OSError:
            return
        try:
            with handle:
                pieces = read_pieces(io.BytesIO(plain), SEGMENT_SIZE)
                for chunk in seal(instance_key=self._key, pieces=pieces, segment_size=SEGMENT_SIZE):
                    handle.write(chunk)
            os.replace(handle.name, path)
        except OSError:
            Path(handle.name).unlink(missing_ok=True)

    def forget(self, source: str) -> int:
        """Drop every entry made from the file whose SHA-256 is `source`; return how many."""
        found = list(self.root.glob(f"{source}-*")) if re.fullmatch(r"[0-9a-f]{64}", source) else []
        for path in found:
            path.unlink(missing_ok=True)
        return len(found)

    def prune(self) -> None:
        """Drop entries unused for too long, then the least recently used above the size limit."""
        entries = []
        for path in self.root.glob("*") if self.root.is_dir() else ():
            try:
                stat = path.stat()
            except FileNotFoundError:
                continue
            entries.append((stat.st_mtime, stat.st_size, path))
        entries.sort(reverse=True)
        kept, cutoff = 0, time.time() - MAX_AGE_SECONDS
        for used, size, path in entries:
            kept += size
            if kept > self.max_bytes or used < cutoff:
                path.unlink(missing_ok=True)

    def _path(self, name: str) -> Path:
        if not NAME.fullmatch(name):
            raise ValueError(f"not a cache entry name: {name!r}")
        return self.root / name
