"""The encrypted vault: round trips, dedupe, keys, tamper detection, crash safety, fixity."""

import gc
import hashlib
import io
import os
import stat
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

import psutil
import pytest

from article3.evidence.vault import (
    BlobNotFound,
    InstanceKeyError,
    LocalBackend,
    Vault,
    VaultCorruption,
    VaultKeyError,
    key_fingerprint,
    load_or_create_instance_key,
)
from article3.evidence.vault.blobformat import HEADER_BYTES, TAG_BYTES

SEGMENT = 4096
MIB = 1024 * 1024


class GeneratedStream(io.RawIOBase):
    """A readable stream of random bytes that never holds the whole file; hashes what it gave."""

    def __init__(self, total: int, *, chunk: int = 64 * 1024) -> None:
        super().__init__()
        self.left, self.chunk = total, chunk
        self.digest = hashlib.sha256()

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: "memoryview | bytearray") -> int:  # type: ignore[override]
        count = min(len(buffer), self.chunk, self.left)
        data = os.urandom(count)
        memoryview(buffer).cast("B")[:count] = data
        self.digest.update(data)
        self.left -= count
        return count


@pytest.fixture
def key() -> bytes:
    return os.urandom(32)


@pytest.fixture
def vault(tmp_path: Path, key: bytes) -> Vault:
    return Vault(root=tmp_path / "vault", key=key, segment_size=SEGMENT)


def put_bytes(vault: Vault, data: bytes) -> str:
    return vault.put(stream=io.BytesIO(data)).sha256


def blob_path(vault: Vault, sha: str) -> Path:
    return vault.root / sha[:2] / sha[2:4] / sha


def flip_bit(path: Path, bit: int) -> bytes:
    """Flip one bit of the file in place; return the original bytes for restoring."""
    original = path.read_bytes()
    damaged = bytearray(original)
    damaged[bit // 8] ^= 1 << (bit % 8)
    path.write_bytes(bytes(damaged))
    return original


def scattered(trial: int, bits: int) -> int:
    """A reproducible, well-spread "random" bit position for the given trial."""
    return int.from_bytes(hashlib.sha256(f"trial {trial}".encode()).digest()[:8], "big") % bits


def read_all_expecting_corruption(vault: Vault, sha: str) -> VaultCorruption:
    with pytest.raises(VaultCorruption) as caught:
        vault.open(sha).read()
    return caught.value


# Round trips


@pytest.mark.parametrize(
    "size", [0, 1, SEGMENT - 1, SEGMENT, SEGMENT + 1, 3 * SEGMENT, 3 * SEGMENT + 17]
)
def test_round_trip_at_segment_boundaries(vault: Vault, size: int) -> None:
    data = os.urandom(size)
    result = vault.put(stream=io.BytesIO(data))
    assert result.sha256 == hashlib.sha256(data).hexdigest()
    assert (result.size, result.created) == (size, True)
    assert vault.open(result.sha256).read() == data
    assert b"".join(vault.iter_plain(result.sha256)) == data
    assert vault.verify(result.sha256)


def test_empty_file_is_stored_and_verified(vault: Vault) -> None:
    sha = put_bytes(vault, b"")
    assert sha == hashlib.sha256(b"").hexdigest()
    assert vault.open(sha).read() == b""
    assert vault.size_on_disk(sha) == HEADER_BYTES + TAG_BYTES


def test_reader_supports_partial_reads(vault: Vault) -> None:
    data = os.urandom(2 * SEGMENT + 100)
    with vault.open(put_bytes(vault, data)) as reader:
        head = reader.read(10)
        rest = reader.read()
    assert head + rest == data


def test_unread_or_half_read_blobs_are_closed(vault: Vault) -> None:
    sha = put_bytes(vault, os.urandom(3 * SEGMENT))
    path = str(blob_path(vault, sha))

    def open_now() -> int:
        return sum(f.path == path for f in psutil.Process().open_files())

    untouched = vault.iter_plain(sha)
    half = vault.iter_plain(sha)
    assert len(next(half)) == SEGMENT
    reader = vault.open(sha)
    assert len(reader.read(10)) == 10
    assert open_now() == 3
    untouched.close()
    half.close()
    reader.close()
    assert open_now() == 0
    assert list(untouched) == []
    abandoned = vault.iter_plain(sha)
    assert open_now() == 1
    del abandoned
    gc.collect()
    assert open_now() == 0


def test_short_reads_from_the_source_still_give_full_segments(tmp_path: Path, key: bytes) -> None:
    vault = Vault(root=tmp_path / "v", key=key, segment_size=SEGMENT)
    source = GeneratedStream(5 * SEGMENT + 3, chunk=1000)  # never fills a segment in one read
    sha = vault.put(stream=io.BufferedReader(source, 1000)).sha256
    assert sha == source.digest.hexdigest()
    assert vault.size_on_disk(sha) == HEADER_BYTES + 5 * SEGMENT + 3 + 6 * TAG_BYTES


def test_large_file_streams_in_bounded_memory(tmp_path: Path, key: bytes) -> None:
    vault = Vault(root=tmp_path / "v", key=key)  # default 1 MiB segments
    source = GeneratedStream(20 * MIB)
    tracemalloc.start()
    try:
        result = vault.put(stream=io.BufferedReader(source))
        _, put_peak = tracemalloc.get_traced_memory()
        tracemalloc.reset_peak()
        digest = hashlib.sha256()
        for chunk in vault.iter_plain(result.sha256):
            digest.update(chunk)
        _, read_peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert result.sha256 == source.digest.hexdigest() == digest.hexdigest()
    assert result.size == 20 * MIB
    assert put_peak < 8 * MIB, put_peak
    assert read_peak < 8 * MIB, read_peak


# Dedupe, layout, names


def test_same_content_is_stored_once(vault: Vault) -> None:
    data = b"the same statement twice"
    first = vault.put(stream=io.BytesIO(data))
    second = vault.put(stream=io.BytesIO(data))
    assert first.created and not second.created
    assert first.sha256 == second.sha256
    assert list(vault.iter_blobs()) == [first.sha256]
    assert vault.tmp_leftovers() == []


def test_blob_lives_at_sharded_path_with_header_magic(vault: Vault) -> None:
    sha = put_bytes(vault, b"layout")
    path = blob_path(vault, sha)
    assert path.read_bytes()[:4] == b"A3V1"
    assert vault.exists(sha)
    assert stat.S_IMODE(path.stat().st_mode) & 0o077 == 0


@pytest.mark.parametrize("name", ["../../etc/passwd", "ABC", "g" * 64, "A" * 64, "0" * 63, ""])
def test_names_that_are_not_sha256_are_refused(vault: Vault, name: str) -> None:
    with pytest.raises(ValueError, match="64 lowercase hex"):
        vault.open(name)


def test_missing_blob_raises_not_found(vault: Vault) -> None:
    missing = hashlib.sha256(b"never stored").hexdigest()
    assert not vault.exists(missing)
    with pytest.raises(BlobNotFound, match=missing):
        vault.open(missing)
    with pytest.raises(BlobNotFound):
        vault.remove(missing)


# Keys


def test_wrong_instance_key_is_a_clear_error(tmp_path: Path, key: bytes) -> None:
    sha = put_bytes(Vault(root=tmp_path / "v", key=key), b"sealed under key one")
    other = os.urandom(32)
    stranger = Vault(root=tmp_path / "v", key=other)
    with pytest.raises(VaultKeyError) as caught:
        stranger.open(sha)
    message = str(caught.value)
    assert key_fingerprint(key) in message and key_fingerprint(other) in message
    assert sha in message
    with pytest.raises(VaultKeyError):
        stranger.verify(sha)


def test_instance_key_must_be_32_bytes(tmp_path: Path) -> None:
    with pytest.raises(InstanceKeyError, match="32 bytes"):
        Vault(root=tmp_path / "v", key=b"short")


def test_repr_shows_fingerprint_not_key(vault: Vault, key: bytes) -> None:
    assert key_fingerprint(key) in repr(vault)
    assert key.hex() not in repr(vault)


def test_key_file_is_created_private_and_reused(tmp_path: Path) -> None:
    path = tmp_path / "secrets" / "instance.key"
    first = load_or_create_instance_key(path)
    assert len(first) == 32
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert load_or_create_instance_key(path) == first
    assert [p.name for p in path.parent.iterdir()] == ["instance.key"]  # no temp left


@pytest.mark.parametrize("mode", [0o644, 0o640, 0o604, 0o660])
def test_readable_key_file_is_refused(tmp_path: Path, mode: int) -> None:
    path = tmp_path / "instance.key"
    load_or_create_instance_key(path)
    path.chmod(mode)
    with pytest.raises(InstanceKeyError, match="chmod 600"):
        load_or_create_instance_key(path)


def test_key_file_of_wrong_length_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "instance.key"
    path.write_bytes(b"x" * 31)
    path.chmod(0o600)
    with pytest.raises(InstanceKeyError, match="31 bytes"):
        load_or_create_instance_key(path)


def test_fingerprint_is_16_hex_of_sha256() -> None:
    key = bytes(range(32))
    assert key_fingerprint(key) == hashlib.sha256(key).hexdigest()[:16]


# Tampering (D1 and friends)


def test_single_bit_flips_are_all_detected(vault: Vault) -> None:
    sha = put_bytes(vault, os.urandom(3 * SEGMENT + 500))
    path = blob_path(vault, sha)
    bits = path.stat().st_size * 8
    detected = 0
    for trial in range(100):
        original = flip_bit(path, scattered(trial, bits))
        detected += not vault.verify(sha)
        path.write_bytes(original)
    assert detected == 100
    assert vault.verify(sha)


def test_every_header_bit_flip_is_detected(vault: Vault) -> None:
    sha = put_bytes(vault, b"short exhibit")
    path = blob_path(vault, sha)
    for bit in range(HEADER_BYTES * 8):
        original = flip_bit(path, bit)
        assert not vault.verify(sha), bit
        path.write_bytes(original)


def test_flipped_segment_names_the_blob_when_read(vault: Vault) -> None:
    sha = put_bytes(vault, os.urandom(2 * SEGMENT))
    flip_bit(blob_path(vault, sha), (HEADER_BYTES + SEGMENT + 40) * 8)
    error = read_all_expecting_corruption(vault, sha)
    assert error.sha == sha and "segment 1" in str(error)


@pytest.mark.parametrize("cut", ["last_segment", "mid_segment", "to_header", "to_nothing"])
def test_truncation_is_detected(vault: Vault, cut: str) -> None:
    sha = put_bytes(vault, os.urandom(3 * SEGMENT))
    path = blob_path(vault, sha)
    data = path.read_bytes()
    keep = {
        "last_segment": HEADER_BYTES + 2 * (SEGMENT + TAG_BYTES),
        "mid_segment": len(data) - 100,
        "to_header": HEADER_BYTES,
        "to_nothing": 0,
    }[cut]
    path.write_bytes(data[:keep])
    assert not vault.verify(sha)
    read_all_expecting_corruption(vault, sha)


def test_appended_segment_is_detected(vault: Vault) -> None:
    sha = put_bytes(vault, os.urandom(SEGMENT + 10))
    path = blob_path(vault, sha)
    data = path.read_bytes()
    path.write_bytes(data + data[HEADER_BYTES : HEADER_BYTES + SEGMENT + TAG_BYTES])
    assert not vault.verify(sha)


def test_reordered_segments_are_detected(vault: Vault) -> None:
    sha = put_bytes(vault, os.urandom(3 * SEGMENT + 1))
    path = blob_path(vault, sha)
    data = path.read_bytes()
    size = SEGMENT + TAG_BYTES
    first = data[HEADER_BYTES : HEADER_BYTES + size]
    second = data[HEADER_BYTES + size : HEADER_BYTES + 2 * size]
    path.write_bytes(data[:HEADER_BYTES] + second + first + data[HEADER_BYTES + 2 * size :])
    assert not vault.verify(sha)
    error = read_all_expecting_corruption(vault, sha)
    assert "segment 0" in str(error)


def test_blob_swapped_under_another_name_is_detected(vault: Vault) -> None:
    real = put_bytes(vault, b"the real medical report")
    fake = put_bytes(vault, b"a substituted document")
    blob_path(vault, real).write_bytes(blob_path(vault, fake).read_bytes())
    error = read_all_expecting_corruption(vault, real)
    assert "does not hash to its name" in str(error)


# Confidentiality (A4)


def test_plaintext_canary_never_reaches_disk(vault: Vault) -> None:
    canary = b"CANARY-7f3a-Detained-at-Evin-prison-2019"
    filler = os.urandom(SEGMENT)
    vault.put(stream=io.BytesIO(filler + canary * 50 + filler))
    vault.put(stream=io.BytesIO(canary))
    files = [p for p in vault.root.rglob("*") if p.is_file()]
    assert len(files) == 2
    for path in files:
        assert canary not in path.read_bytes()
        assert canary.decode() not in str(path)


# Crash safety and fixity


def test_failed_source_leaves_no_temp_file_and_no_blob(vault: Vault) -> None:
    class Broken(io.RawIOBase):
        def readable(self) -> bool:
            return True

        def readinto(self, buffer: "memoryview | bytearray") -> int:  # type: ignore[override]
            raise OSError("upload connection reset")

    with pytest.raises(OSError, match="connection reset"):
        vault.put(stream=io.BufferedReader(Broken()))
    assert vault.tmp_leftovers() == []
    assert list(vault.iter_blobs()) == []


def test_process_killed_mid_write_leaves_only_a_leftover(tmp_path: Path, key: bytes) -> None:
    root = tmp_path / "v"
    key_file = tmp_path / "k"
    key_file.write_bytes(key)
    script = (
        "import io, os, sys\n"
        "from pathlib import Path\n"
        "from article3.evidence.vault import Vault\n"
        "class Dying(io.RawIOBase):\n"
        "    sent = 0\n"
        "    def readable(self): return True\n"
        "    def readinto(self, b):\n"
        "        if self.sent > 3 * 4096: os._exit(9)\n"
        "        n = min(len(b), 1000); b[:n] = b'x' * n; self.sent += n; return n\n"
        "v = Vault(root=Path(sys.argv[1]), key=Path(sys.argv[2]).read_bytes(), segment_size=4096)\n"
        "v.put(stream=Dying())\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(root), str(key_file)], check=False, timeout=60
    )
    assert done.returncode == 9
    vault = Vault(root=root, key=key)
    leftovers = vault.tmp_leftovers()
    assert len(leftovers) == 1 and leftovers[0].endswith(".part")
    assert list(vault.iter_blobs()) == []
    report = vault.verify_all(set(), grace_seconds=0)
    assert report.leftovers == leftovers and report.orphans == []
    vault.fix(report)
    assert vault.tmp_leftovers() == []


def test_young_leftover_is_not_reported_as_it_may_be_a_write_in_progress(vault: Vault) -> None:
    (vault.tmp / "inprogress.part").write_bytes(b"partial")
    assert vault.verify_all(set()).leftovers == []
    old = time.time() - 7200
    os.utime(vault.tmp / "inprogress.part", (old, old))
    assert vault.verify_all(set()).leftovers == ["inprogress.part"]


def test_verify_all_sorts_blobs_into_ok_mismatched_missing_orphans(vault: Vault) -> None:
    good = put_bytes(vault, b"good")
    bad = put_bytes(vault, b"bad")
    orphan = put_bytes(vault, b"orphan")
    missing = hashlib.sha256(b"gone").hexdigest()
    flip_bit(blob_path(vault, bad), (HEADER_BYTES + 2) * 8)
    report = vault.verify_all({good, bad, missing}, grace_seconds=0)
    assert report.ok == [good]
    assert report.mismatched == [bad]
    assert report.missing == [missing]
    assert report.orphans == [orphan]
    assert not report.clean


def test_new_unknown_blob_is_pending_not_orphan(vault: Vault) -> None:
    sha = put_bytes(vault, b"row not committed yet")
    report = vault.verify_all(set())
    assert report.orphans == [] and report.pending == [sha]
    assert report.clean


def test_fix_removes_only_orphans_and_leftovers(vault: Vault) -> None:
    known = put_bytes(vault, b"known")
    bad = put_bytes(vault, b"known but damaged")
    orphan = put_bytes(vault, b"orphan")
    flip_bit(blob_path(vault, bad), (HEADER_BYTES + 5) * 8)
    (vault.tmp / "crash.part").write_bytes(b"junk")
    report = vault.verify_all({known, bad}, grace_seconds=0)
    result = vault.fix(report)
    assert result.removed_orphans == [orphan]
    assert result.removed_leftovers == ["crash.part"]
    assert sorted(vault.iter_blobs()) == sorted([known, bad])
    after = vault.verify_all({known, bad}, grace_seconds=0)
    assert after.mismatched == [bad] and after.orphans == [] and after.leftovers == []


def test_verify_all_refuses_malformed_known_names(vault: Vault) -> None:
    with pytest.raises(ValueError, match="64 lowercase hex"):
        vault.verify_all({"../x"})


def test_stray_files_in_the_store_are_not_blobs(vault: Vault) -> None:
    sha = put_bytes(vault, b"real")
    (blob_path(vault, sha).parent / "notes.txt").write_bytes(b"stray")
    (vault.root / "README").write_bytes(b"stray")
    assert list(vault.iter_blobs()) == [sha]


# Removal


def test_remove_deletes_the_blob(vault: Vault) -> None:
    sha = put_bytes(vault, b"to remove")
    vault.remove(sha)
    assert not vault.exists(sha)
    assert not blob_path(vault, sha).exists()


def test_shred_overwrites_the_wrapped_key_before_unlinking(vault: Vault) -> None:
    sha = put_bytes(vault, b"to shred" * 100)
    survivor = vault.root / "survivor"  # a second name for the same inode outlives the unlink
    os.link(blob_path(vault, sha), survivor)
    before = survivor.read_bytes()
    vault.shred(sha)
    after = survivor.read_bytes()
    assert not vault.exists(sha)
    assert after[:HEADER_BYTES] != before[:HEADER_BYTES]
    assert after[HEADER_BYTES:] == before[HEADER_BYTES:]


def test_local_backend_write_atomic_does_not_clobber(tmp_path: Path) -> None:
    backend = LocalBackend(tmp_path / "b")
    name = "ab" * 32
    assert backend.write_atomic(name, [b"one", b"two"])
    assert not backend.write_atomic(name, [b"other"])
    with backend.read(name) as handle:
        assert handle.read() == b"onetwo"
    assert list(backend.list()) == [name]
    assert list(backend.tmp.iterdir()) == []
