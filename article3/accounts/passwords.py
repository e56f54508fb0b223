"""Refuse passwords known from breaches, from a local list (never over the network).

The list is a text file named by ARTICLE3_BREACHED_PASSWORDS_FILE (default:
`breached-passwords.txt` in the data folder); with no file, this check is off and Django's
bundled list of 20,000 common passwords still applies. Two forms are read:

- one password per line (compared exactly and in lower case);
- Have I Been Pwned's "ordered by hash" SHA-1 download (`HASH:COUNT` lines, sorted): it is
  searched by bisection, so the full 30 GB file works without loading it.
"""

import hashlib
import os
import re
from pathlib import Path
from typing import Any, BinaryIO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

_SHA1_LINE = re.compile(rb"[0-9A-Fa-f]{40}(:\d+)?\s*")


class BreachedPasswordValidator:
    def __init__(self, path: str | None = None) -> None:
        self.path = path

    def _file(self) -> Path:
        configured = self.path or getattr(settings, "BREACHED_PASSWORDS_FILE", "")
        return Path(configured) if configured else Path(settings.DATA_DIR) / "breached-passwords.txt"

    def validate(self, password: str, user: Any = None) -> None:
        path = self._file()
        if path.is_file() and password_breached(path=path, password=password):
            raise ValidationError(
                _("This password appears in a list of passwords exposed in data breaches. Choose another."),
                code="password_breached",
            )

    def get_help_text(self) -> str:
        return _("Your password can't be one exposed in a known data breach.")


def password_breached(*, path: Path, password: str) -> bool:
    with path.open("rb") as handle:
        first = handle.readline()
        if _SHA1_LINE.fullmatch(first):
            digest = hashlib.sha1(password.encode(), usedforsecurity=False).hexdigest().upper().encode()
            return _sorted_hash_file_has(handle, digest)
        handle.seek(0)
        wanted = {password.encode(), password.lower().encode()}
        return any(line.rstrip(b"\r\n") in wanted for line in handle)


def _sorted_hash_file_has(handle: BinaryIO, digest: bytes) -> bool:
    """Bisect on byte offsets: the hash of the first line starting at or after an offset never
    decreases as the offset grows, so find the first offset where it reaches `digest`."""
    low, high = 0, os.fstat(handle.fileno()).st_size
    while low < high:
        middle = (low + high) // 2
        key = _key_at(handle, middle)
        if key is not None and key < digest:
            low = middle + 1
        else:
            high = middle
    return _key_at(handle, low) == digest


def _key_at(handle: BinaryIO, offset: int) -> bytes | None:
    """The hash (upper case) on the first line that starts at or after offset; None past the end."""
    handle.seek(max(offset - 1, 0))
    if offset:
        handle.readline()  # skip to the start of the next line (or stay, if offset starts one)
    line = handle.readline()
    return line.split(b":")[0].strip().upper() if line.strip() else None
