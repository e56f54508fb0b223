"""The encrypted blob format: a header, then AES-256-GCM segments (a STREAM construction).

Layout (big-endian)::

    magic "A3V1" | version u8 | algorithm u8 | segment size u32 | nonce prefix (7)
    | instance-key fingerprint (8) | wrapped data key (40, AES key wrap)
    | segment 0 | segment 1 | ... | final segment

Each segment is ``segment size`` bytes of plaintext (the last one may be shorter, even empty)
sealed with the blob's own random data key. Its nonce is the prefix, the segment counter and
a final-segment flag; the associated data repeats the fixed header fields, the counter and
the flag. So a reordered, dropped, truncated or extended segment fails authentication, as
does any change to the fixed header. The fingerprint and wrapped key are left out of the
associated data so a blob can later be rewrapped under a new instance key without
re-encrypting; they are checked by the key unwrap (which is itself authenticated) and by
comparing the fingerprint.
"""

import os
import struct
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.keywrap import (
    InvalidUnwrap,
    aes_key_unwrap,
    aes_key_wrap,
)

from article3.evidence.vault.keys import key_fingerprint

MAGIC = b"A3V1"
VERSION = 1
ALGORITHM = 1  # AES-256-GCM STREAM segments, data key wrapped with AES-KW (RFC 3394)
TAG_BYTES = 16
FINGERPRINT_BYTES = 8
WRAPPED_KEY_BYTES = 40
NONCE_PREFIX_BYTES = 7
MIN_SEGMENT = 64
MAX_SEGMENT = 64 * 1024 * 1024
MAX_SEGMENTS = 2**32  # the counter field is 4 bytes

_FIXED = struct.Struct(">4sBBI7s")
HEADER_BYTES = _FIXED.size + FINGERPRINT_BYTES + WRAPPED_KEY_BYTES


class BlobFormatError(Exception):
    """The blob is damaged: bad header, failed tag, wrong length or order."""


class BlobKeyMismatch(Exception):
    """The blob was sealed under another instance key."""

    def __init__(self, found: str) -> None:
        super().__init__(found)
        self.found = found


@dataclass(frozen=True)
class Header:
    segment_size: int
    nonce_prefix: bytes
    key_fp: bytes
    wrapped_key: bytes

    def fixed(self) -> bytes:
        """The fields bound into every segment's associated data."""
        return _FIXED.pack(MAGIC, VERSION, ALGORITHM, self.segment_size, self.nonce_prefix)

    def pack(self) -> bytes:
        return self.fixed() + self.key_fp + self.wrapped_key


def check_segment_size(size: int) -> None:
    if not MIN_SEGMENT <= size <= MAX_SEGMENT:
        raise ValueError(f"segment size must be between {MIN_SEGMENT} and {MAX_SEGMENT} bytes")


def parse_header(raw: bytes) -> Header:
    if len(raw) != HEADER_BYTES:
        raise BlobFormatError("header is truncated")
    magic, version, algorithm, segment_size, prefix = _FIXED.unpack_from(raw)
    if magic != MAGIC or version != VERSION or algorithm != ALGORITHM:
        raise BlobFormatError("not an A3V1 blob of a known version")
    if not MIN_SEGMENT <= segment_size <= MAX_SEGMENT:
        raise BlobFormatError("segment size in header is out of range")
    fp_end = _FIXED.size + FINGERPRINT_BYTES
    return Header(segment_size, prefix, raw[_FIXED.size : fp_end], raw[fp_end:])


def read_full(stream: BinaryIO, size: int) -> bytes:
    """Read exactly size bytes unless the stream ends first (short reads are retried)."""
    parts: list[bytes] = []
    missing = size
    while missing > 0:
        part = stream.read(missing)
        if not part:
            break
        parts.append(part)
        missing -= len(part)
    return b"".join(parts)


def read_pieces(stream: BinaryIO, size: int) -> Iterator[bytes]:
    """Yield pieces of exactly size bytes, the last possibly shorter; at least one (maybe empty)."""
    piece = read_full(stream, size)
    yield piece
    while len(piece) == size:
        piece = read_full(stream, size)
        if not piece:
            return
        yield piece


def _flag_last(pieces: Iterable[bytes]) -> Iterator[tuple[int, bytes, bool]]:
    """Yield (index, piece, is_last) by reading one piece ahead."""
    iterator = iter(pieces)
    current = next(iterator, None)
    index = 0
    while current is not None:
        following = next(iterator, None)
        yield index, current, following is None
        current, index = following, index + 1


def _nonce(prefix: bytes, index: int, last: bool) -> bytes:
    if index >= MAX_SEGMENTS:
        raise ValueError("blob has too many segments for the 32-bit counter")
    return prefix + index.to_bytes(4, "big") + (b"\x01" if last else b"\x00")


def _aad(fixed: bytes, index: int, last: bool) -> bytes:
    return fixed + index.to_bytes(8, "big") + (b"\x01" if last else b"\x00")


def _fingerprint_bytes(instance_key: bytes) -> bytes:
    return bytes.fromhex(key_fingerprint(instance_key))


def seal(*, instance_key: bytes, pieces: Iterable[bytes], segment_size: int) -> Iterator[bytes]:
    """Yield the header, then one sealed segment per plaintext piece."""
    data_key = AESGCM.generate_key(bit_length=256)
    header = Header(
        segment_size=segment_size,
        nonce_prefix=os.urandom(NONCE_PREFIX_BYTES),
        key_fp=_fingerprint_bytes(instance_key),
        wrapped_key=aes_key_wrap(instance_key, data_key),
    )
    yield header.pack()
    aead, fixed = AESGCM(data_key), header.fixed()
    for index, piece, last in _flag_last(pieces):
        nonce = _nonce(header.nonce_prefix, index, last)
        yield aead.encrypt(nonce, piece, _aad(fixed, index, last))


def unwrap_data_key(*, instance_key: bytes, header: Header) -> bytes:
    """Recover the data key, telling a wrong instance key apart from a damaged header."""
    ours = _fingerprint_bytes(instance_key)
    try:
        data_key = aes_key_unwrap(instance_key, header.wrapped_key)
    except InvalidUnwrap:
        if header.key_fp != ours:
            raise BlobKeyMismatch(header.key_fp.hex()) from None
        raise BlobFormatError("wrapped data key fails its integrity check") from None
    if header.key_fp != ours:
        raise BlobFormatError("instance-key fingerprint field was altered")
    return data_key


def open_sealed(*, instance_key: bytes, stream: BinaryIO) -> Iterator[bytes]:
    """Check the header now, then return an iterator of verified plaintext segments."""
    header = parse_header(read_full(stream, HEADER_BYTES))
    data_key = unwrap_data_key(instance_key=instance_key, header=header)
    return _open_segments(AESGCM(data_key), header, stream)


def _open_segments(aead: AESGCM, header: Header, stream: BinaryIO) -> Iterator[bytes]:
    fixed = header.fixed()
    pieces = read_pieces(stream, header.segment_size + TAG_BYTES)
    for index, piece, last in _flag_last(pieces):
        if len(piece) < TAG_BYTES:
            raise BlobFormatError(f"segment {index} is truncated")
        if index >= MAX_SEGMENTS:
            raise BlobFormatError("blob has more segments than the counter allows")
        try:
            nonce = _nonce(header.nonce_prefix, index, last)
            yield aead.decrypt(nonce, piece, _aad(fixed, index, last))
        except InvalidTag:
            raise BlobFormatError(f"segment {index} fails authentication") from None
