"""The backup folder: its layout, its manifest, and the sealed database dump.

    <backup>/
      manifest.json           format, schema, audit-chain head, key fingerprint, row counts, files
      SHA256SUMS              the SHA-256 of every other file, for `sha256sum -c` on any machine
      database.jsonl.sealed   the database as Django JSON Lines, sealed under the instance key
      vault/aa/bb/<sha>       the vault's files, byte for byte (they are sealed already)

Nothing in a backup is readable without the instance key, and the key is never in it.
"""

import hashlib
import json
import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, BinaryIO

from article3.errors import DomainError
from article3.evidence.services import file_sha256
from article3.evidence.vault.blobformat import open_sealed, read_pieces, seal
from article3.evidence.vault.fsutil import fsync_dir

FORMAT = "article3-backup"
VERSION = 1
MANIFEST = "manifest.json"
SUMS = "SHA256SUMS"
DATABASE = "database.jsonl.sealed"
VAULT = "vault"
SEGMENT = 1024 * 1024


class BackupError(DomainError):
    """A backup that cannot be written, read or restored; the message says why."""


def sealed_write(*, path: Path, key: bytes, pieces: Iterable[bytes]) -> None:
    """Seal plaintext pieces under the instance key into a new private file, durably."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as out:
        for chunk in seal(instance_key=key, pieces=_exact(pieces), segment_size=SEGMENT):
            out.write(chunk)
        out.flush()
        os.fsync(out.fileno())


def sealed_lines(*, stream: BinaryIO, key: bytes) -> Iterator[str]:
    """The verified plaintext of a sealed file, line by line (it never touches the disk)."""
    pending = b""
    for segment in open_sealed(instance_key=key, stream=stream):
        pending += segment
        *lines, pending = pending.split(b"\n")
        for line in lines:
            yield line.decode()
    if pending:
        yield pending.decode()


def _exact(pieces: Iterable[bytes]) -> Iterator[bytes]:
    """Re-cut pieces into whole segments (the sealed format wants all but the last full)."""
    buffer = bytearray()
    for piece in pieces:
        buffer += piece
        while len(buffer) >= SEGMENT:
            yield bytes(buffer[:SEGMENT])
            del buffer[:SEGMENT]
    yield bytes(buffer)


def copy_durable(*, source: BinaryIO, dest: Path) -> str:
    """Copy a stream to a new private file, fsynced; return the SHA-256 of what was written."""
    digest = hashlib.sha256()
    dest.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd = os.open(dest, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as out:
        for piece in read_pieces(source, SEGMENT):
            digest.update(piece)
            out.write(piece)
        out.flush()
        os.fsync(out.fileno())
    return digest.hexdigest()


def files_in(folder: Path) -> list[str]:
    """Every file of the backup (relative, POSIX style) except the manifest and the sums."""
    found = []
    for path in sorted(folder.rglob("*")):
        if path.is_symlink():
            raise BackupError(f"{path.relative_to(folder)} is a symbolic link; a backup holds none.")
        if path.is_file():
            found.append(path.relative_to(folder).as_posix())
    return [name for name in found if name not in (MANIFEST, SUMS)]


def manifest_write(folder: Path, manifest: dict[str, Any]) -> None:
    """Write the manifest and SHA256SUMS (which also covers the manifest), then sync the folders."""
    _write_private(folder / MANIFEST, json.dumps(manifest, indent=2, sort_keys=True) + "\n")
    sums = {**{name: entry["sha256"] for name, entry in manifest["files"].items()},
            MANIFEST: file_sha256(folder / MANIFEST)}
    _write_private(folder / SUMS, "".join(f"{sha}  {name}\n" for name, sha in sorted(sums.items())))
    for path in sorted({folder, *(p for p in folder.rglob("*") if p.is_dir())}, reverse=True):
        fsync_dir(path)


def _write_private(path: Path, text: str) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as out:
        out.write(text)
        out.flush()
        os.fsync(out.fileno())


def manifest_read(folder: Path) -> dict[str, Any]:
    path = folder / MANIFEST
    if not path.is_file():
        raise BackupError(f"{folder} is not an Article3 backup: it has no {MANIFEST}.")
    try:
        manifest: dict[str, Any] = json.loads(path.read_text())
    except (ValueError, UnicodeDecodeError) as exc:
        raise BackupError(f"{path} is damaged: it is not valid JSON.") from exc
    if manifest.get("format") != FORMAT or manifest.get("version") != VERSION:
        raise BackupError(f"{folder} is not an Article3 backup of version {VERSION}.")
    return manifest


def files_check(folder: Path, manifest: dict[str, Any]) -> list[str]:
    """Re-hash every file against the manifest: the problems found (empty when all match)."""
    listed: dict[str, dict[str, Any]] = manifest["files"]
    present = set(files_in(folder))
    problems = [f"{name}: missing" for name in sorted(set(listed) - present)]
    problems += [f"{name}: not in the manifest" for name in sorted(present - set(listed))]
    for name in sorted(set(listed) & present):
        if file_sha256(folder / name) != listed[name]["sha256"]:
            problems.append(f"{name}: its SHA-256 does not match the manifest")
    return problems
