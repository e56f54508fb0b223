"""The safe archive reader refuses bombs, traversal, links and lies before inflating anything."""

import io
import os
import stat
import struct
import time
import tracemalloc
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

import pytest

from article3.interchange.safezip import UnsafeArchive, open_safe_zip

MIB = 1024 * 1024


@dataclass
class Member:
    """One member for a hand-built archive; declared sizes may lie on purpose."""

    name: bytes
    payload: bytes  # the bytes stored (already compressed when method is 8)
    size: int  # declared uncompressed size
    crc: int
    method: int = 0
    flags: int = 0
    external_attr: int = 0


def stored(name: str, data: bytes, **extra: int) -> Member:
    member = Member(name.encode(), data, len(data), zlib.crc32(data), **extra)
    if not name.isascii():
        member.flags |= 0x800  # names are UTF-8
    return member


def deflated(name: str, data: bytes) -> Member:
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    payload = packer.compress(data) + packer.flush()
    return Member(name.encode(), payload, len(data), zlib.crc32(data), method=8)


def local_header(member: Member, *, name: bytes | None = None) -> bytes:
    name = member.name if name is None else name
    fixed = struct.pack(
        "<4s5H3L2H", b"PK\x03\x04", 20, member.flags, member.method, 0, 0x21,
        member.crc, len(member.payload), member.size, len(name), 0,
    )  # fmt: skip
    return fixed + name


def central_entry(member: Member, offset: int) -> bytes:
    fixed = struct.pack(
        "<4s6H3L5H2L", b"PK\x01\x02", (3 << 8) | 20, 20, member.flags, member.method, 0, 0x21,
        member.crc, len(member.payload), member.size, len(member.name), 0, 0, 0, 0,
        member.external_attr, offset,
    )  # fmt: skip
    return fixed + member.name


def end_record(count: int, cd_size: int, cd_offset: int) -> bytes:
    return struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, count, count, cd_size, cd_offset, 0)


def build(members: list[Member]) -> bytes:
    """A well-formed archive of the given members, one after another."""
    body, directory = b"", b""
    for member in members:
        directory += central_entry(member, len(body))
        body += local_header(member) + member.payload
    return body + directory + end_record(len(members), len(directory), len(body))


def write(tmp_path: Path, data: bytes, name: str = "case.zip") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def refused(path: Path, **limits: int) -> UnsafeArchive:
    with pytest.raises(UnsafeArchive) as caught:
        open_safe_zip(path, **limits)
    return caught.value


def gigabyte_of_zeros() -> bytes:
    """Raw deflate of 1 GiB of zeros, made from one full-flushed 1 MiB block repeated."""
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = packer.compress(bytes(MIB)) + packer.flush(zlib.Z_FULL_FLUSH)
    return block * 1024 + packer.flush(zlib.Z_FINISH)


def crc_of_zeros(total: int) -> int:
    crc, zeros = 0, bytes(MIB)
    for _ in range(total // MIB):
        crc = zlib.crc32(zeros, crc)
    return crc


# Good archives


def test_good_archive_is_read_and_extracted(tmp_path: Path) -> None:
    path = tmp_path / "good.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("case.yaml", "forum: cat\n")
        archive.writestr("evidence/", "")
        archive.writestr("evidence/report.pdf", b"%PDF-1.7 " + os.urandom(5000))
        archive.writestr("evidence/notes.txt", "a" * 50_000)  # under the ratio grace
    with open_safe_zip(path) as safe:
        assert safe.names() == [
            "case.yaml", "evidence/", "evidence/report.pdf", "evidence/notes.txt",
        ]  # fmt: skip
        assert safe.read("case.yaml") == b"forum: cat\n"
        written = safe.extract_all(tmp_path / "out")
    assert (tmp_path / "out" / "evidence" / "notes.txt").read_bytes() == b"a" * 50_000
    assert len(written) == 4
    assert stat.S_IMODE((tmp_path / "out" / "case.yaml").stat().st_mode) == 0o600


def test_reading_a_directory_or_unknown_member_is_a_key_error(tmp_path: Path) -> None:
    path = write(tmp_path, build([stored("a.txt", b"x")]))
    with open_safe_zip(path) as safe, pytest.raises(KeyError):
        safe.read("b.txt")


def test_extract_refuses_an_existing_folder(tmp_path: Path) -> None:
    path = write(tmp_path, build([stored("a.txt", b"x")]))
    (tmp_path / "out").mkdir()
    with open_safe_zip(path) as safe, pytest.raises(FileExistsError):
        safe.extract_all(tmp_path / "out")


def test_large_mixed_archive_streams_in_bounded_memory(tmp_path: Path) -> None:
    path = tmp_path / "big.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("scan.bin", os.urandom(12 * MIB))
        archive.writestr("text.txt", os.urandom(1_000_000).hex().encode())
    tracemalloc.start()
    try:
        with open_safe_zip(path) as safe:
            total = sum(len(chunk) for chunk in safe.iter_chunks("scan.bin"))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert total == 12 * MIB
    assert peak < 6 * MIB, peak


# Bombs


def test_gigabyte_of_zeros_is_refused_before_inflating(tmp_path: Path) -> None:
    payload = gigabyte_of_zeros()
    member = Member(b"word/document.xml", payload, 1024 * MIB, crc_of_zeros(1024 * MIB), method=8)
    path = write(tmp_path, build([member]), "bomb.docx")
    tracemalloc.start()
    started = time.perf_counter()
    try:
        error = refused(path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert error.code == "ratio_too_high"
    assert error.entry == "word/document.xml"
    assert time.perf_counter() - started < 2.0
    assert peak < 4 * MIB, peak  # the archive is ~1 MB; inflating would need 1 GiB


def test_total_ratio_is_judged_across_members(tmp_path: Path) -> None:
    members = [deflated(f"part{i}.xml", bytes(90_000)) for i in range(20)]  # each under grace
    assert refused(write(tmp_path, build(members))).code == "ratio_too_high"


def test_lying_declared_size_hits_the_inflation_cap(tmp_path: Path) -> None:
    member = Member(b"small.txt", gigabyte_of_zeros(), 50_000, 0, method=8)
    path = write(tmp_path, build([member]))
    tracemalloc.start()
    try:
        with open_safe_zip(path) as safe, pytest.raises(UnsafeArchive) as caught:
            safe.read("small.txt")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert caught.value.code == "decompressed_too_large"
    assert caught.value.entry == "small.txt"
    assert peak < 8 * MIB, peak


def test_lying_size_during_extract_leaves_nothing_behind(tmp_path: Path) -> None:
    members = [stored("ok.txt", b"fine"), Member(b"liar.txt", gigabyte_of_zeros(), 10, 0, 8)]
    path = write(tmp_path, build(members))
    with open_safe_zip(path) as safe, pytest.raises(UnsafeArchive, match="declared size"):
        safe.extract_all(tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_too_many_entries(tmp_path: Path) -> None:
    path = tmp_path / "many.zip"
    with zipfile.ZipFile(path, "w") as archive:
        for index in range(10_001):
            archive.writestr(f"f{index}", b"")
    error = refused(path)
    assert error.code == "too_many_entries" and "10001" in error.message
    with open_safe_zip(path, max_entries=10_001) as safe:
        assert safe.names()[-1] == "f10000"


def test_end_record_that_understates_the_count_is_still_caught(tmp_path: Path) -> None:
    data = bytearray(build([stored(f"f{i}", b"") for i in range(30)]))
    struct.pack_into("<2H", data, len(data) - 22 + 8, 1, 1)  # claim a single entry
    assert refused(write(tmp_path, bytes(data)), max_entries=10).code == "too_many_entries"


def test_entry_and_total_size_limits(tmp_path: Path) -> None:
    path = write(
        tmp_path, build([stored("a.bin", os.urandom(3000)), stored("b", os.urandom(3000))])
    )
    assert refused(path, max_entry_bytes=2000).code == "entry_too_large"
    assert refused(path, max_total_bytes=5000).code == "total_too_large"


def test_overlapping_entries_are_refused(tmp_path: Path) -> None:
    # The outer member's stored bytes quote the inner member's local header and data, as in
    # the overlapping-files zip bomb: both names are valid, their byte ranges intersect.
    inner = stored("inner.txt", b"kernel")
    quoted = local_header(inner) + inner.payload
    outer = stored("outer.txt", quoted)
    body = local_header(outer) + quoted
    inner_offset = len(local_header(outer))
    directory = central_entry(outer, 0) + central_entry(inner, inner_offset)
    data = body + directory + end_record(2, len(directory), len(body))
    error = refused(write(tmp_path, data))
    assert error.code == "overlapping_entries"


def test_two_entries_sharing_one_local_header_are_refused(tmp_path: Path) -> None:
    member = stored("same.txt", b"data")
    twin = stored("SAME.txt", b"data")
    body = local_header(member) + member.payload
    directory = central_entry(member, 0) + central_entry(twin, 0)
    data = body + directory + end_record(2, len(directory), len(body))
    assert refused(write(tmp_path, data)).code in {"duplicate_name", "bad_local_header"}
    other = stored("other.txt", b"data")
    directory = central_entry(member, 0) + central_entry(other, 0)
    data = body + directory + end_record(2, len(directory), len(body))
    assert refused(write(tmp_path, data)).code == "bad_local_header"


# Names and types


@pytest.mark.parametrize(
    "name",
    [
        "../x",
        "a/../../x",
        "/etc/x",
        "C:/Windows/x",
        "c:x",
        "..\\x",
        "a\\b",
        "a\x00.pdf",
        "a\r\nb",
        "./a",
        "a//b",
        "",
        "x" * 256,
    ],
)
def test_unsafe_names_are_refused(tmp_path: Path, name: str) -> None:
    error = refused(write(tmp_path, build([stored(name, b"x")])))
    assert error.code == "unsafe_name"
    assert error.entry == name
    if name:
        assert name not in str(error)  # names can carry client identities; keep them out of logs


def test_symlink_entry_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "link.zip"
    info = zipfile.ZipInfo("evidence/link")
    info.create_system = 3
    info.external_attr = (stat.S_IFLNK | 0o777) << 16
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(info, "/etc/passwd")
    error = refused(path)
    assert (error.code, error.entry) == ("symlink", "evidence/link")


def test_device_entry_is_refused(tmp_path: Path) -> None:
    member = stored("dev", b"", external_attr=(stat.S_IFCHR | 0o600) << 16)
    assert refused(write(tmp_path, build([member]))).code == "special_file"


def test_regular_unix_modes_are_accepted(tmp_path: Path) -> None:
    member = stored("ok.txt", b"x", external_attr=(stat.S_IFREG | 0o644) << 16)
    with open_safe_zip(write(tmp_path, build([member]))) as safe:
        assert safe.read("ok.txt") == b"x"


@pytest.mark.parametrize(
    ("first", "second"), [("a.txt", "a.txt"), ("Report.pdf", "report.PDF"), ("é", "e\u0301")]
)
def test_duplicate_names_are_refused(tmp_path: Path, first: str, second: str) -> None:
    path = write(tmp_path, build([stored(first, b"1"), stored(second, b"2")]))
    assert refused(path).code == "duplicate_name"


def test_file_used_as_a_folder_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, build([stored("a", b"1"), stored("a/b", b"2")]))
    assert refused(path).code == "path_conflict"


def test_encrypted_entry_is_refused(tmp_path: Path) -> None:
    member = stored("secret.pdf", b"x" * 20, flags=0x1)
    error = refused(write(tmp_path, build([member])))
    assert (error.code, error.entry) == ("encrypted", "secret.pdf")


def test_unsupported_compression_is_refused(tmp_path: Path) -> None:
    member = stored("a.txt", b"x", method=12)  # bzip2
    assert refused(write(tmp_path, build([member]))).code == "unsupported_compression"


# Damage


def test_not_a_zip(tmp_path: Path) -> None:
    assert refused(write(tmp_path, b"%PDF-1.7 not an archive")).code == "not_a_zip"


def test_data_running_into_the_central_directory_is_refused(tmp_path: Path) -> None:
    member = stored("a.txt", b"hello")
    member.payload = b"hello" + b"\x00" * 40  # declared sizes reach past the data
    member.size = len(member.payload)
    body = local_header(member) + b"hello"
    directory = central_entry(member, 0)
    data = body + directory + end_record(1, len(directory), len(body))
    assert refused(write(tmp_path, data)).code == "overlapping_entries"


def test_crc_mismatch_is_reported_on_read(tmp_path: Path) -> None:
    member = stored("a.txt", b"hello")
    member.crc ^= 1
    with open_safe_zip(write(tmp_path, build([member]))) as safe, pytest.raises(UnsafeArchive) as e:
        safe.read("a.txt")
    assert e.value.code == "crc_mismatch"


def test_short_inflation_is_a_size_mismatch(tmp_path: Path) -> None:
    member = deflated("a.txt", b"hello")
    member.size = 6
    with open_safe_zip(write(tmp_path, build([member]))) as safe, pytest.raises(UnsafeArchive) as e:
        safe.read("a.txt")
    assert e.value.code == "size_mismatch"


def test_garbage_deflate_data_is_corrupt(tmp_path: Path) -> None:
    member = Member(b"a.txt", b"\xff" * 30, 10, 0, method=8)
    with open_safe_zip(write(tmp_path, build([member]))) as safe, pytest.raises(UnsafeArchive) as e:
        safe.read("a.txt")
    assert e.value.code == "corrupt"


def test_interleaved_reads_of_two_members(tmp_path: Path) -> None:
    first, second = os.urandom(600_000), os.urandom(600_000)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("one", first)
        archive.writestr("two", second)
    with open_safe_zip(write(tmp_path, buffer.getvalue())) as safe:
        one, two = safe.iter_chunks("one"), safe.iter_chunks("two")
        got_one, got_two = b"", b""
        for a, b in zip(one, two, strict=False):
            got_one, got_two = got_one + a, got_two + b
        got_one += b"".join(one)
        got_two += b"".join(two)
    assert (got_one, got_two) == (first, second)
