"""The instance key: 32 random bytes in a file outside the vault and the database."""

import hashlib
import os
import secrets
import stat
from pathlib import Path

from article3.evidence.vault.fsutil import fsync_dir, make_dirs_durable

KEY_BYTES = 32
# Like ssh with private keys: any access for group or others is refused.
_FORBIDDEN_MODE_BITS = 0o077


class InstanceKeyError(Exception):
    """The instance key file is missing, malformed or too widely readable."""


def key_fingerprint(key: bytes) -> str:
    """First 16 hex digits of SHA-256 of the key: identifies a key without revealing it."""
    return hashlib.sha256(key).hexdigest()[:16]


def check_instance_key(key: bytes) -> None:
    """Raise InstanceKeyError unless key is exactly 32 bytes."""
    if not isinstance(key, bytes) or len(key) != KEY_BYTES:
        raise InstanceKeyError(f"the instance key must be exactly {KEY_BYTES} bytes")


def load_or_create_instance_key(path: Path) -> bytes:
    """Read the key at path, creating it (0600, atomically) if it does not exist yet."""
    if not path.exists():
        create_secret_file(path, secrets.token_bytes(KEY_BYTES))
    return _read_key_file(path)


def create_secret_file(path: Path, content: bytes) -> None:
    """Write content beside path (0600, fsynced), then hard-link it into place and fsync the folder.

    Linking never overwrites, so two processes racing to create the file end up sharing
    whichever landed first, and a crash or power cut never leaves a half-written or empty file
    under path.
    """
    make_dirs_durable(path.parent, stop=Path(path.anchor))
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(8)}.tmp")
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    fd = os.open(tmp, flags, 0o600)
    try:
        os.write(fd, content)
        os.fsync(fd)
    finally:
        os.close(fd)
    try:
        os.link(tmp, path)
    except FileExistsError:
        pass
    finally:
        tmp.unlink(missing_ok=True)
    fsync_dir(path.parent)


def _read_key_file(path: Path) -> bytes:
    fd = os.open(path, os.O_RDONLY)
    try:
        _check_key_file_mode(path, os.fstat(fd))
        key = os.read(fd, KEY_BYTES + 1)
    finally:
        os.close(fd)
    if len(key) != KEY_BYTES:
        raise InstanceKeyError(
            f"instance key file {path} holds {len(key)} bytes; it must hold exactly {KEY_BYTES} "
            "random bytes"
        )
    return key


def _check_key_file_mode(path: Path, info: os.stat_result) -> None:
    if not stat.S_ISREG(info.st_mode):
        raise InstanceKeyError(f"instance key path {path} is not a regular file")
    mode = stat.S_IMODE(info.st_mode)
    if mode & _FORBIDDEN_MODE_BITS:
        raise InstanceKeyError(
            f"instance key file {path} has mode {mode:04o}, so other users can read or change "
            f"it; refusing to use it. Restrict it with: chmod 600 {path}"
        )
