"""Open untrusted zip archives (case packages, DOCX) safely.

Everything that can be judged from the archive's directories is checked before a single byte
is inflated: entry count, declared sizes and compression ratios, names (traversal, absolute
paths, drive letters, backslashes, NUL and control characters), symlinks and other special
files, duplicate or clashing names, encryption, compression methods, and whether entries'
byte ranges overlap (the overlapping-entries zip bomb). Reading then inflates with our own
bounded loop, so an entry whose declared size lies is cut off at that size, not trusted.

Error messages never contain entry names (they may carry client names); the offending name
is on ``UnsafeArchive.entry`` for the interface to show.
"""

import itertools
import os
import shutil
import stat
import struct
import unicodedata
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import BinaryIO

GIB = 1024**3
MIB = 1024**2
DEFAULT_MAX_ENTRIES = 10_000
DEFAULT_MAX_TOTAL_BYTES = 2 * GIB
DEFAULT_MAX_ENTRY_BYTES = 512 * MIB
DEFAULT_MAX_RATIO = 100
# Small files legitimately compress far better than 100:1 (a page of blanks); like Apache POI's
# grace size, the ratio is only judged above this size. The read-time cap still applies.
RATIO_GRACE_BYTES = 100 * 1024
# zipfile reads the whole central directory into memory; bound it before it does.
MAX_CENTRAL_DIRECTORY_BYTES = 64 * MIB
MAX_NAME_SEGMENT_BYTES = 255
_READ_CHUNK = 256 * 1024
_INFLATE_CHUNK = 1024 * 1024

_EOCD = struct.Struct("<4s4H2LH")
_ZIP64_LOCATOR = struct.Struct("<4sLQL")
_ZIP64_EOCD = struct.Struct("<4sQ2H2L4Q")
_LOCAL_HEADER = struct.Struct("<4s5H3L2H")
_EOCD_SIG, _ZIP64_LOCATOR_SIG, _ZIP64_EOCD_SIG = b"PK\x05\x06", b"PK\x06\x07", b"PK\x06\x06"
_LOCAL_SIG = b"PK\x03\x04"
_FLAG_ENCRYPTED, _FLAG_UTF8 = 0x1, 0x800
_METHODS = {zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED}


class UnsafeArchive(Exception):
    """The archive is refused. code is stable for programs; entry names the offending member."""

    def __init__(self, code: str, message: str, *, entry: str | None = None) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message
        self.entry = entry


@dataclass(frozen=True)
class Limits:
    max_entries: int
    max_total_bytes: int
    max_ratio: float
    max_entry_bytes: int


@dataclass(frozen=True)
class Entry:
    """One member, as checked. data_offset/data_end locate its compressed bytes in the file."""

    name: str
    size: int
    compressed_size: int
    method: int
    crc: int
    header_offset: int
    data_offset: int

    @property
    def is_dir(self) -> bool:
        return self.name.endswith("/")

    @property
    def data_end(self) -> int:
        return self.data_offset + self.compressed_size


def open_safe_zip(
    path: Path,
    *,
    max_entries: int = DEFAULT_MAX_ENTRIES,
    max_total_bytes: int = DEFAULT_MAX_TOTAL_BYTES,
    max_ratio: float = DEFAULT_MAX_RATIO,
    max_entry_bytes: int = DEFAULT_MAX_ENTRY_BYTES,
) -> "SafeZip":
    """Check the archive at path without inflating anything; raise UnsafeArchive if refused."""
    limits = Limits(max_entries, max_total_bytes, max_ratio, max_entry_bytes)
    handle = Path(path).open("rb")  # noqa: SIM115 - SafeZip owns and closes it
    try:
        entries = _inspect(handle, limits)
    except BaseException:
        handle.close()
        raise
    return SafeZip(handle, entries, limits)


class SafeZip:
    """A checked archive. Read members with iter_chunks/read, or extract_all into a new folder."""

    def __init__(self, handle: BinaryIO, entries: list[Entry], limits: Limits) -> None:
        self._handle = handle
        self._entries = {entry.name: entry for entry in entries}
        self.limits = limits

    def __enter__(self) -> "SafeZip":
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        self._handle.close()

    @property
    def entries(self) -> list[Entry]:
        return list(self._entries.values())

    def names(self) -> list[str]:
        return list(self._entries)

    def iter_chunks(self, name: str) -> Iterator[bytes]:
        """Inflate one member, refusing to produce more than its declared size."""
        entry = self._entries.get(name)
        if entry is None or entry.is_dir:
            raise KeyError(f"no file member with that name (of {len(self._entries)} entries)")
        return self._inflate_checked(entry)

    def read(self, name: str) -> bytes:
        """The whole member; for small members such as a manifest."""
        return b"".join(self.iter_chunks(name))

    def extract_all(self, dest: Path) -> list[Path]:
        """Write every member under dest, which must not exist yet; all or nothing."""
        root = Path(dest)
        root.mkdir(parents=True, exist_ok=False, mode=0o700)
        try:
            return [self._extract_one(root, entry) for entry in self._entries.values()]
        except BaseException:
            shutil.rmtree(root, ignore_errors=True)
            raise

    def _extract_one(self, root: Path, entry: Entry) -> Path:
        target = root.joinpath(*entry.name.rstrip("/").split("/"))
        if not target.resolve().is_relative_to(root.resolve()):
            raise UnsafeArchive(
                "unsafe_name", "member would land outside the folder", entry=entry.name
            )
        if entry.is_dir:
            target.mkdir(parents=True, exist_ok=True, mode=0o700)
            return target
        target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
        with os.fdopen(os.open(target, flags, 0o600), "wb") as out:
            for chunk in self._inflate_checked(entry):
                out.write(chunk)
        return target

    def _inflate_checked(self, entry: Entry) -> Iterator[bytes]:
        cap = min(entry.size, self.limits.max_entry_bytes)
        produced, crc = 0, 0
        for chunk in _inflate(self._raw_chunks(entry), entry):
            produced += len(chunk)
            if produced > cap:
                raise UnsafeArchive(
                    "decompressed_too_large",
                    f"member inflates past its declared size of {entry.size} bytes",
                    entry=entry.name,
                )
            crc = zlib.crc32(chunk, crc)
            yield chunk
        _check_result(entry, produced, crc)

    def _raw_chunks(self, entry: Entry) -> Iterator[bytes]:
        # Seek before every read: the caller may interleave reads of several members.
        position, remaining = entry.data_offset, entry.compressed_size
        while remaining > 0:
            self._handle.seek(position)
            chunk = self._handle.read(min(_READ_CHUNK, remaining))
            if not chunk:
                raise UnsafeArchive("truncated", "member data ends early", entry=entry.name)
            position, remaining = position + len(chunk), remaining - len(chunk)
            yield chunk


def _inflate(raw: Iterator[bytes], entry: Entry) -> Iterator[bytes]:
    if entry.method == zipfile.ZIP_STORED:
        yield from raw
        return
    inflater = zlib.decompressobj(-zlib.MAX_WBITS)
    try:
        for chunk in raw:
            yield from _drain(inflater, chunk)
            if inflater.eof:
                return
    except zlib.error:
        raise UnsafeArchive(
            "corrupt", "member is not valid deflate data", entry=entry.name
        ) from None
    raise UnsafeArchive("corrupt", "member's deflate stream ends early", entry=entry.name)


def _drain(inflater: "zlib._Decompress", data: bytes) -> Iterator[bytes]:
    """Inflate data in bounded pieces; never ask zlib for an unbounded output buffer."""
    while True:
        out = inflater.decompress(data, _INFLATE_CHUNK)
        data = inflater.unconsumed_tail
        if out:
            yield out
        if inflater.eof or not (data or out):
            return


def _check_result(entry: Entry, produced: int, crc: int) -> None:
    if produced != entry.size:
        raise UnsafeArchive(
            "size_mismatch",
            f"member inflated to {produced} bytes, not the declared {entry.size}",
            entry=entry.name,
        )
    if crc != entry.crc:
        raise UnsafeArchive("crc_mismatch", "member fails its CRC-32 check", entry=entry.name)


# Inspection: everything below runs before anything is inflated.


def _inspect(handle: BinaryIO, limits: Limits) -> list[Entry]:
    count, cd_size = _read_end_record(handle)
    _check_count(count, limits)
    if cd_size > MAX_CENTRAL_DIRECTORY_BYTES:
        raise UnsafeArchive("central_directory_too_large", f"central directory is {cd_size} bytes")
    infos, cd_start = _read_central_directory(handle)
    _check_count(len(infos), limits)
    for info in infos:
        _check_member(info, limits)
    _check_names([info.orig_filename for info in infos])
    _check_totals(infos, limits)
    entries = [_locate(handle, info) for info in infos]
    _check_layout(entries, cd_start)
    return entries


def _check_count(count: int, limits: Limits) -> None:
    if count > limits.max_entries:
        raise UnsafeArchive(
            "too_many_entries", f"archive has {count} entries; the limit is {limits.max_entries}"
        )


def _read_end_record(handle: BinaryIO) -> tuple[int, int]:
    """Entry count and central directory size from the end record (zip64 aware)."""
    size = handle.seek(0, os.SEEK_END)
    tail_start = max(0, size - _EOCD.size - 0xFFFF)
    handle.seek(tail_start)
    tail = handle.read()
    at = tail.rfind(_EOCD_SIG)
    if at < 0 or len(tail) - at < _EOCD.size:
        raise UnsafeArchive("not_a_zip", "no zip end-of-central-directory record found")
    fields = _EOCD.unpack_from(tail, at)
    count, cd_size = fields[4], fields[5]
    if count == 0xFFFF or cd_size == 0xFFFFFFFF or fields[6] == 0xFFFFFFFF:
        return _read_zip64_end(handle, tail_start + at) or (count, cd_size)
    return count, cd_size


def _read_zip64_end(handle: BinaryIO, eocd_at: int) -> tuple[int, int] | None:
    if eocd_at < _ZIP64_LOCATOR.size:
        return None
    handle.seek(eocd_at - _ZIP64_LOCATOR.size)
    sig, _disk, record_at, _disks = _ZIP64_LOCATOR.unpack(handle.read(_ZIP64_LOCATOR.size))
    if sig != _ZIP64_LOCATOR_SIG:
        return None
    handle.seek(record_at)
    raw = handle.read(_ZIP64_EOCD.size)
    if len(raw) != _ZIP64_EOCD.size or raw[:4] != _ZIP64_EOCD_SIG:
        raise UnsafeArchive("not_a_zip", "zip64 end record is missing or damaged")
    fields = _ZIP64_EOCD.unpack(raw)
    return fields[7], fields[8]


def _read_central_directory(handle: BinaryIO) -> tuple[list[zipfile.ZipInfo], int]:
    try:
        # Closing a ZipFile built on a file object leaves that file open for us.
        with zipfile.ZipFile(handle) as archive:
            return archive.infolist(), archive.start_dir
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError) as error:
        raise UnsafeArchive("not_a_zip", f"central directory unreadable: {error}") from None


def _check_member(info: zipfile.ZipInfo, limits: Limits) -> None:
    name = info.orig_filename
    _check_name(name)
    _check_file_type(info)
    if info.flag_bits & _FLAG_ENCRYPTED:
        raise UnsafeArchive("encrypted", "encrypted members are not accepted", entry=name)
    if info.compress_type not in _METHODS:
        raise UnsafeArchive(
            "unsupported_compression",
            f"compression method {info.compress_type} is not accepted (stored or deflate only)",
            entry=name,
        )
    _check_member_sizes(info, limits)


def _check_member_sizes(info: zipfile.ZipInfo, limits: Limits) -> None:
    name, size, packed = info.orig_filename, info.file_size, info.compress_size
    if info.compress_type == zipfile.ZIP_STORED and size != packed:
        raise UnsafeArchive("size_mismatch", "stored member's sizes disagree", entry=name)
    if name.endswith("/") and size:
        raise UnsafeArchive("unsafe_name", "directory entry carries data", entry=name)
    if _ratio_too_high(size, packed, limits.max_ratio):
        raise UnsafeArchive(
            "ratio_too_high",
            f"member declares {size} bytes from {packed} compressed "
            f"(more than {limits.max_ratio:g}:1)",
            entry=name,
        )
    if size > limits.max_entry_bytes:
        raise UnsafeArchive(
            "entry_too_large",
            f"member declares {size} bytes; the limit is {limits.max_entry_bytes}",
            entry=name,
        )


def _ratio_too_high(size: int, packed: int, max_ratio: float) -> bool:
    return size > RATIO_GRACE_BYTES and size > max_ratio * packed


def _check_file_type(info: zipfile.ZipInfo) -> None:
    mode = info.external_attr >> 16
    kind = stat.S_IFMT(mode)
    if kind == stat.S_IFLNK:
        raise UnsafeArchive("symlink", "symbolic links are not accepted", entry=info.orig_filename)
    if kind not in (0, stat.S_IFREG, stat.S_IFDIR):
        raise UnsafeArchive(
            "special_file",
            "device, pipe or socket entries are not accepted",
            entry=info.orig_filename,
        )


def _check_name(name: str) -> None:
    problem = _name_problem(name)
    if problem:
        raise UnsafeArchive("unsafe_name", problem, entry=name)


def _name_problem(name: str) -> str | None:
    if not name:
        return "member has an empty name"
    if "\x00" in name:
        return "member name contains NUL"
    if "\\" in name:
        return "member name contains a backslash"
    if name.startswith("/"):
        return "member name is an absolute path"
    if len(name) >= 2 and name[1] == ":" and name[0].isascii() and name[0].isalpha():
        return "member name starts with a drive letter"
    if any(ord(ch) < 0x20 or ord(ch) == 0x7F for ch in name):
        return "member name contains control characters"
    return _segment_problem(name.removesuffix("/").split("/"))


def _segment_problem(segments: list[str]) -> str | None:
    for segment in segments:
        if segment == "..":
            return "member name climbs out of the archive with '..'"
        if segment in ("", "."):
            return "member name has an empty or '.' path segment"
        if len(segment.encode("utf-8", "surrogateescape")) > MAX_NAME_SEGMENT_BYTES:
            return f"member name has a segment over {MAX_NAME_SEGMENT_BYTES} bytes"
    return None


def _name_key(name: str) -> str:
    # Case- and normalisation-insensitive, as on macOS and Windows file systems.
    return unicodedata.normalize("NFC", name.removesuffix("/")).casefold()


def _check_names(names: list[str]) -> None:
    """Refuse duplicates (after case folding) and a file that is also another's folder."""
    seen: set[str] = set()
    files: set[str] = set()
    for name in names:
        key = _name_key(name)
        if key in seen:
            raise UnsafeArchive("duplicate_name", "two members share a name", entry=name)
        seen.add(key)
        if not name.endswith("/"):
            files.add(key)
    for name in names:
        parts = _name_key(name).split("/")
        parents = ("/".join(parts[:i]) for i in range(1, len(parts)))
        if any(parent in files for parent in parents):
            raise UnsafeArchive("path_conflict", "a member's folder is also a file", entry=name)


def _check_totals(infos: list[zipfile.ZipInfo], limits: Limits) -> None:
    total = sum(info.file_size for info in infos)
    packed = sum(info.compress_size for info in infos)
    if total > limits.max_total_bytes:
        raise UnsafeArchive(
            "total_too_large",
            f"members declare {total} bytes in all; the limit is {limits.max_total_bytes}",
        )
    if _ratio_too_high(total, packed, limits.max_ratio):
        raise UnsafeArchive(
            "ratio_too_high",
            f"archive declares {total} bytes from {packed} (more than {limits.max_ratio:g}:1)",
        )


def _locate(handle: BinaryIO, info: zipfile.ZipInfo) -> Entry:
    """Read the member's local header; it must agree with the central directory."""
    name = info.orig_filename
    handle.seek(info.header_offset)
    raw = handle.read(_LOCAL_HEADER.size)
    if len(raw) != _LOCAL_HEADER.size or raw[:4] != _LOCAL_SIG:
        raise UnsafeArchive("bad_local_header", "member's local header is missing", entry=name)
    fields = _LOCAL_HEADER.unpack(raw)
    flags, name_len, extra_len = fields[2], fields[9], fields[10]
    local_name = _decode_name(handle.read(name_len), flags)
    if local_name != name or (flags & _FLAG_ENCRYPTED):
        raise UnsafeArchive(
            "bad_local_header", "local header disagrees with the central directory", entry=name
        )
    data_offset = info.header_offset + _LOCAL_HEADER.size + name_len + extra_len
    return Entry(
        name=name,
        size=info.file_size,
        compressed_size=info.compress_size,
        method=info.compress_type,
        crc=info.CRC,
        header_offset=info.header_offset,
        data_offset=data_offset,
    )


def _decode_name(raw: bytes, flags: int) -> str:
    return raw.decode("utf-8" if flags & _FLAG_UTF8 else "cp437", "replace")


def _check_layout(entries: list[Entry], cd_start: int) -> None:
    """Members' byte ranges must be disjoint and lie before the central directory."""
    ordered = sorted(entries, key=lambda entry: entry.header_offset)
    for current, following in itertools.pairwise(ordered):
        if current.data_end > following.header_offset:
            raise UnsafeArchive(
                "overlapping_entries",
                "two members share bytes (an overlapping-entries zip bomb)",
                entry=following.name,
            )
    if ordered and ordered[-1].data_end > cd_start:
        raise UnsafeArchive(
            "overlapping_entries",
            "member data runs into the central directory",
            entry=ordered[-1].name,
        )
