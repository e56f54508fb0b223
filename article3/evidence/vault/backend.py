"""Where sealed blobs live. LocalBackend is the filesystem; an S3 backend plugs in the same way."""

import os
import re
import secrets
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO, Protocol

from article3.evidence.vault.fsutil import fsync_dir, make_dirs_durable

SHA_RE = re.compile(r"[0-9a-f]{64}")
_SHARD_RE = re.compile(r"[0-9a-f]{2}")
TMP_DIR = "tmp"


def check_name(name: str) -> str:
    """Blob names are lowercase SHA-256 hex; anything else (a path, say) is refused."""
    if not isinstance(name, str) or not SHA_RE.fullmatch(name):
        raise ValueError("a vault blob name must be 64 lowercase hex digits (a SHA-256)")
    return name


class Backend(Protocol):
    """Blob storage by name. Writes must be atomic: a reader sees the whole blob or nothing."""

    def exists(self, name: str) -> bool: ...

    def read(self, name: str) -> BinaryIO:
        """Open the blob for reading; the caller closes it. FileNotFoundError if absent."""
        ...

    def write_atomic(self, name: str, chunks: Iterable[bytes]) -> bool:
        """Store chunks under name unless it exists; True if this call created it."""
        ...

    def adopt(self, name: str, spool: Path) -> bool:
        """Move a finished, fsynced local file in under name (rename locally, upload for S3).

        Returns True if created, False if name already existed (the spool is then discarded).
        """
        ...

    def delete(self, name: str) -> None: ...

    def shred(self, name: str, *, header_bytes: int) -> None:
        """Overwrite the first header_bytes (the wrapped data key) with noise, then delete."""
        ...

    def list(self) -> Iterator[str]: ...

    def size(self, name: str) -> int: ...

    def mtime(self, name: str) -> float:
        """Last modification as seconds since the epoch."""
        ...


class LocalBackend:
    """Blobs at <root>/<sha[:2]>/<sha[2:4]>/<sha>; temporary files in <root>/tmp/."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root).absolute()
        self.tmp = self.root / TMP_DIR
        make_dirs_durable(self.tmp, stop=Path(self.root.anchor))

    def path(self, name: str) -> Path:
        check_name(name)
        return self.root / name[:2] / name[2:4] / name

    def exists(self, name: str) -> bool:
        return self.path(name).is_file()

    def read(self, name: str) -> BinaryIO:
        return self.path(name).open("rb")

    def write_atomic(self, name: str, chunks: Iterable[bytes]) -> bool:
        spool, handle = new_spool(self.tmp)
        try:
            with handle:
                for chunk in chunks:
                    handle.write(chunk)
                handle.flush()
                os.fsync(handle.fileno())
            return self.adopt(name, spool)
        finally:
            spool.unlink(missing_ok=True)

    def adopt(self, name: str, spool: Path) -> bool:
        target = self.path(name)
        make_dirs_durable(target.parent, stop=self.root)
        created = _link_no_clobber(spool, target)
        spool.unlink(missing_ok=True)
        if created:
            fsync_dir(target.parent)
        return created

    def delete(self, name: str) -> None:
        target = self.path(name)
        target.unlink()
        fsync_dir(target.parent)

    def shred(self, name: str, *, header_bytes: int) -> None:
        # On copy-on-write or wear-levelled storage the old sectors may survive; the header
        # overwrite is what makes the data key unrecoverable from this file's live blocks.
        target = self.path(name)
        with target.open("r+b") as handle:
            length = min(header_bytes, os.fstat(handle.fileno()).st_size)
            handle.write(secrets.token_bytes(length))
            handle.flush()
            os.fsync(handle.fileno())
        self.delete(name)

    def list(self) -> Iterator[str]:
        for first in _subdirs(self.root):
            for second in _subdirs(first):
                yield from _blob_names(second, prefix=first.name + second.name)

    def size(self, name: str) -> int:
        return self.path(name).stat().st_size

    def mtime(self, name: str) -> float:
        return self.path(name).stat().st_mtime


def new_spool(folder: Path) -> tuple[Path, BinaryIO]:
    """Create a fresh private temporary file in folder, opened for writing."""
    path = folder / f"{secrets.token_hex(16)}.part"
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    return path, os.fdopen(fd, "wb")


def _link_no_clobber(source: Path, target: Path) -> bool:
    """Put source at target unless target exists; True if placed.

    A hard link never replaces an existing name, so two writers of the same content
    cannot race; filesystems without hard links fall back to an exists-check and rename.
    """
    try:
        os.link(source, target)
    except FileExistsError:
        return False
    except OSError:
        if target.exists():
            return False
        os.replace(source, target)
    return True


def _subdirs(folder: Path) -> Iterator[Path]:
    entries = sorted(folder.iterdir()) if folder.is_dir() else []
    return (e for e in entries if _SHARD_RE.fullmatch(e.name) and e.is_dir())


def _blob_names(folder: Path, *, prefix: str) -> Iterator[str]:
    for entry in sorted(folder.iterdir()):
        if SHA_RE.fullmatch(entry.name) and entry.name.startswith(prefix) and entry.is_file():
            yield entry.name
