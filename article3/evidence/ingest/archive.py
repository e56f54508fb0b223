"""Zip containers (DOCX, ODT) checked from their directory before anything is inflated.

Order matters: the entry count is read from the end-of-central-directory record before
``zipfile`` builds one object per entry, then names, links, sizes, ratios and overlaps are
checked from the directory alone (ASVS 5.2.3, 5.2.5, 5.3.3; POI's 100:1 inflate ratio).
"""

import stat
import struct
import zipfile
from pathlib import Path, PurePosixPath
from typing import BinaryIO

from article3.words import Words, gettext_noop

from .errors import IngestError
from .limits import IngestLimits

_EOCD = b"PK\x05\x06"
_ZIP64_LOCATOR = b"PK\x06\x07"
_LOCAL_HEADER_SIZE = 30
_ALLOWED_METHODS = {zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED}


def _bomb(detail: Words) -> IngestError:
    return IngestError("archive_bomb", Words(gettext_noop(
        "This document is packed in a way that would expand to an unsafe size (%(detail)s), "
        "so it was not opened. Save it again from Word or LibreOffice, or print it to PDF, "
        "and upload that copy."), {"detail": detail}))


def _unsafe(detail: str) -> IngestError:
    """``detail`` is a phrase marked for the catalogues."""
    return IngestError("unsafe_archive", Words(gettext_noop(
        "This document's internal structure is unsafe (%(detail)s), so it was not opened. "
        "Save it again from Word or LibreOffice, or print it to PDF, and upload that copy."),
        {"detail": Words(detail)}))


def _too_many_parts(limits: IngestLimits) -> Words:
    return Words(gettext_noop("more than %(limit)s parts"), {"limit": limits.max_zip_entries})


def _damaged() -> IngestError:
    """A zip container (DOCX, ODT) whose index at the end is missing or wrong: almost always a file
    cut short in a download or a copy, not an attack."""
    return IngestError("damaged_file", gettext_noop(
        "This file looks incomplete or damaged (the end of it, where Word keeps the list of its parts, "
        "is missing or wrong), so it could not be opened. It was probably cut short while being "
        "downloaded or copied: download or copy it again from the original, or open it in Word or "
        "LibreOffice, save a new copy, and upload that."))


def declared_entry_count(path: Path) -> int:
    """Entries announced by the end-of-central-directory record (zip64 aware)."""
    size = path.stat().st_size
    with path.open("rb") as handle:
        start = max(0, size - (65535 + 22 + 20))
        handle.seek(start)
        tail = handle.read()
        at = tail.rfind(_EOCD)
        if at < 0 or len(tail) - at < 22:
            raise _damaged()
        count = int(struct.unpack_from("<H", tail, at + 10)[0])
        if count != 0xFFFF:
            return count
        return _zip64_count(handle, tail, at)


def _zip64_count(handle: BinaryIO, tail: bytes, eocd_at: int) -> int:
    loc = eocd_at - 20
    if loc < 0 or tail[loc:loc + 4] != _ZIP64_LOCATOR:
        raise _damaged()
    (offset,) = struct.unpack_from("<Q", tail, loc + 8)
    handle.seek(offset)
    record = handle.read(56)
    if len(record) < 56 or record[:4] != b"PK\x06\x06":
        raise _damaged()
    return int(struct.unpack_from("<Q", record, 32)[0])


def _check_name(info: zipfile.ZipInfo) -> None:
    name = info.filename
    if "\x00" in name or name.startswith(("/", "\\")) or (len(name) > 1 and name[1] == ":"):
        raise _unsafe(gettext_noop("an entry has an absolute or invalid path"))
    parts = PurePosixPath(name.replace("\\", "/")).parts
    if ".." in parts:
        raise _unsafe(gettext_noop("an entry points outside the document (../)"))
    mode = info.external_attr >> 16
    if info.create_system == 3 and stat.S_ISLNK(mode):
        raise _unsafe(gettext_noop("an entry is a symbolic link"))


def _check_sizes(infos: list[zipfile.ZipInfo], limits: IngestLimits) -> None:
    total = 0
    for info in infos:
        if info.flag_bits & 0x1:
            raise _unsafe(gettext_noop("an entry is encrypted"))
        if info.compress_type not in _ALLOWED_METHODS:
            raise _unsafe(gettext_noop("an entry uses an unusual compression method"))
        total += info.file_size
        if total > limits.max_zip_uncompressed_bytes:
            raise _bomb(Words(gettext_noop("more than %(limit)s MB"),
                                 {"limit": limits.max_zip_uncompressed_bytes // (1024 * 1024)}))
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > limits.zip_ratio_grace_bytes and ratio > limits.max_zip_ratio:
            raise _bomb(Words(gettext_noop("one part expands more than %(ratio)s times"),
                                 {"ratio": int(limits.max_zip_ratio)}))


def _check_overlaps(infos: list[zipfile.ZipInfo], path: Path) -> None:
    """Entries that share bytes are how the smallest zip bombs are built; refuse them.

    Each entry's extent comes from its local header (30 bytes read, nothing inflated).
    """
    seen_names: set[str] = set()
    previous_end = 0
    file_size = path.stat().st_size
    with path.open("rb") as handle:
        for info in sorted(infos, key=lambda item: item.header_offset):
            if info.filename in seen_names:
                raise _unsafe(gettext_noop("two entries have the same name"))
            seen_names.add(info.filename)
            if info.header_offset < previous_end:
                raise _bomb(Words(gettext_noop("entries overlap")))
            previous_end = info.header_offset + _local_extent(handle, info)
            if previous_end > file_size:
                raise _damaged()


def _local_extent(handle: BinaryIO, info: zipfile.ZipInfo) -> int:
    handle.seek(info.header_offset)
    header = handle.read(_LOCAL_HEADER_SIZE)
    if len(header) < _LOCAL_HEADER_SIZE or header[:4] != b"PK\x03\x04":
        raise _damaged()
    name_len, extra_len = struct.unpack_from("<HH", header, 26)
    return int(_LOCAL_HEADER_SIZE + name_len + extra_len + info.compress_size)


def check_zip(path: Path, limits: IngestLimits) -> zipfile.ZipFile:
    """Open ``path`` as a zip only after the directory passes every check; caller closes it."""
    if declared_entry_count(path) > limits.max_zip_entries:
        raise _bomb(_too_many_parts(limits))
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError) as exc:
        raise _damaged() from exc
    try:
        infos = archive.infolist()
        if len(infos) > limits.max_zip_entries:
            raise _bomb(_too_many_parts(limits))
        for info in infos:
            _check_name(info)
        _check_sizes(infos, limits)
        _check_overlaps(infos, path)
    except BaseException:
        archive.close()
        raise
    return archive


def read_entry(archive: zipfile.ZipFile, name: str, *, max_bytes: int) -> bytes | None:
    """One small entry's bytes, never more than ``max_bytes``; None if absent."""
    try:
        info = archive.getinfo(name)
    except KeyError:
        return None
    if info.file_size > max_bytes:
        raise _bomb(Words(gettext_noop("a description part is unusually large")))
    try:
        with archive.open(info) as handle:
            return handle.read(max_bytes + 1)[:max_bytes]
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
        raise _damaged() from exc


def verify_inflation(archive: zipfile.ZipFile, limits: IngestLimits) -> None:
    """Inflate every entry to nowhere, counting bytes, to catch sizes that lie.

    ``zipfile`` stops at the declared size and checks the CRC, so an entry that claims
    to be small but is not fails here instead of inside the converter.
    """
    total = 0
    for info in archive.infolist():
        try:
            with archive.open(info) as handle:
                while chunk := handle.read(1024 * 1024):
                    total += len(chunk)
                    if total > limits.max_zip_uncompressed_bytes:
                        raise _bomb(Words(gettext_noop("its parts are larger than they claim")))
        except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
            raise _unsafe(gettext_noop("a part is damaged or its size is wrong")) from exc
