"""What a file is, from its bytes alone; the name the sender gave it is never consulted.

Only the kinds in ``KINDS`` are accepted. A file that starts like one kind is that kind, so a
PNG with HTML appended is a PNG (and is later re-rendered, never served as it came).
"""

import codecs
import re
import struct
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from lxml import etree

from article3.words import gettext_noop

from .archive import check_zip, read_entry
from .errors import IngestError, unsupported
from .limits import DEFAULT_LIMITS, IngestLimits

Kind = Literal["pdf", "jpeg", "png", "tiff", "heic", "docx", "odt", "doc", "txt", "eml"]

KINDS: dict[Kind, tuple[str, str]] = {
    "pdf": ("application/pdf", "pdf"),
    "jpeg": ("image/jpeg", "jpg"),
    "png": ("image/png", "png"),
    "tiff": ("image/tiff", "tif"),
    "heic": ("image/heic", "heic"),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"),
    "odt": ("application/vnd.oasis.opendocument.text", "odt"),
    "doc": ("application/msword", "doc"),
    "txt": ("text/plain", "txt"),
    "eml": ("message/rfc822", "eml"),
}

HEAD_BYTES = 64 * 1024
_CHUNK = 1024 * 1024
# The EICAR anti-virus test string, split so this file is not itself flagged by scanners.
_EICAR = b"X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR" + b"-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_HEIC_BRANDS = {b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"hevm", b"hevs", b"mif1"}

# Short magics ("MZ", "BM") also start ordinary sentences, so text never matches them: they
# are only tried on heads that contain a NUL byte.
_BINARY_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"MZ", gettext_noop("a Windows program")),
    (b"BM", gettext_noop("a BMP image")),
)
_FOREIGN_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x7fELF", gettext_noop("a program")),
    (b"GIF87a", gettext_noop("a GIF image")),
    (b"GIF89a", gettext_noop("a GIF image")),
    (b"8BPS", gettext_noop("a Photoshop file")),
    (b"%!PS", gettext_noop("a PostScript file")),
    (b"\xc5\xd0\xd3\xc6", gettext_noop("a PostScript file")),
    (b"{\\rtf", gettext_noop("an RTF document")),
    (b"Rar!", gettext_noop("a RAR archive")),
    (b"7z\xbc\xaf", gettext_noop("a 7-Zip archive")),
    (b"\x1f\x8b", gettext_noop("a compressed (gzip) archive")),
    (b"\x00\x00\x00\x0cjP  ", gettext_noop("a JPEG 2000 image")),
    (b"\xffO\xffQ", gettext_noop("a JPEG 2000 image")),
)

_MARKUP_START = re.compile(
    rb"\s*<(!doctype|html|head|body|script|iframe|svg|\?xml|!--|div|table|style|title|meta|"
    rb"link|h1|p|a|b|br|font|img|object|embed)[\s>/]",
    re.IGNORECASE,
)
_MARKUP_ANYWHERE = re.compile(rb"<(html|svg|script|iframe|!doctype html)[\s>/]", re.IGNORECASE)
_HEADER_FIELD = re.compile(rb"^[!-9;-~]+:")
_EMAIL_SECOND_FIELDS = {b"date", b"subject", b"to", b"message-id"}


@dataclass(frozen=True)
class Sniffed:
    """The accepted kind of a file, with the MIME type and extension we will use for it."""

    kind: Kind
    mime: str
    extension: str


def sniffed(kind: Kind) -> Sniffed:
    mime, extension = KINDS[kind]
    return Sniffed(kind=kind, mime=mime, extension=extension)


def sniff(*, path: Path, limits: IngestLimits = DEFAULT_LIMITS) -> Sniffed:
    """The kind of ``path`` by content, or IngestError naming what we accept."""
    with path.open("rb") as handle:
        head = handle.read(HEAD_BYTES)
    if not head:
        raise IngestError("empty_file", gettext_noop(
            "This file is empty (0 bytes), so there is nothing to keep. The copy or the upload may "
            "have failed: open the original on your computer to check it has content, then upload it "
            "again; if it is empty there too, ask the sender for a new copy."))
    _refuse_eicar(path)
    return sniffed(_kind_of(path, head, limits))


def _kind_of(path: Path, head: bytes, limits: IngestLimits) -> Kind:
    # Signatures at offset 0 first; PDF readers also accept a header anywhere in the
    # first 1024 bytes, so that search comes after them.
    image = _image_kind(head)
    if image is not None:
        return image
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return _zip_kind(path, limits)
    if head.startswith(_OLE_MAGIC):
        return _ole_kind(path)
    if head[4:8] == b"ftyp":
        return _ftyp_kind(head)
    if b"%PDF-" in head[:1024]:
        _refuse_markup_before_pdf(head)
        return "pdf"
    _refuse_foreign(head)
    return _text_kind(path, head)


def _refuse_markup_before_pdf(head: bytes) -> None:
    """PDF readers accept a header after up to 1 KB of anything; a browser reads that same file as the
    web page it starts with. A PDF that starts as markup is refused rather than taken as a PDF."""
    before = head[:head.find(b"%PDF-")]
    if _MARKUP_START.match(before) or _MARKUP_ANYWHERE.search(before) or re.search(rb"<[a-z!?]", before, re.I):
        raise unsupported(gettext_noop("a web page with a PDF after it (a file made to be read two ways)"))


def _refuse_foreign(head: bytes) -> None:
    """Name common types we do not take, so the message says what the file is."""
    if head.startswith(b"RIFF"):
        webp = head[8:12] == b"WEBP"
        raise unsupported(gettext_noop("a WebP image") if webp else gettext_noop("a video or audio file"))
    binary = _BINARY_MAGIC if b"\x00" in head[:1024] else ()
    for magic, what in (*_FOREIGN_MAGIC, *binary):
        if head.startswith(magic):
            raise unsupported(what)


def _image_kind(head: bytes) -> Kind | None:
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head[:4] in (b"II*\x00", b"MM\x00*", b"II+\x00", b"MM\x00+"):
        return "tiff"
    return None


def _refuse_eicar(path: Path) -> None:
    overlap = len(_EICAR)
    tail = b""
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            if _EICAR in tail + chunk:
                raise IngestError("malware_signature", gettext_noop(
                    "This file contains the EICAR anti-virus test signature, so it was not "
                    "stored. If you meant to upload a real document, upload that instead."))
            tail = chunk[-overlap:]


# --- Zip containers: DOCX and ODT --------------------------------------------------------

_OOXML_KINDS: tuple[tuple[str, Kind | str], ...] = (
    ("application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml", "docx"),
    ("macroenabled", gettext_noop("a Word or Office file with macros (DOCM, XLSM, PPTM)")),
    ("wordprocessingml.template", gettext_noop("a Word template (DOTX)")),
    ("spreadsheetml", gettext_noop("a spreadsheet (XLSX)")),
    ("presentationml", gettext_noop("a presentation (PPTX)")),
)


def _zip_kind(path: Path, limits: IngestLimits) -> Kind:
    with check_zip(path, limits) as archive:
        names = set(archive.namelist())
        if "mimetype" in names:
            raw = read_entry(archive, "mimetype", max_bytes=200) or b""
            return _odf_kind(raw.strip())
        if "[Content_Types].xml" in names:
            if any(name.lower().endswith("vbaproject.bin") for name in names):
                raise unsupported(gettext_noop("a Word or Office file with macros (DOCM)"))
            raw = read_entry(
                archive, "[Content_Types].xml", max_bytes=limits.max_part_read_bytes
            ) or b""
            return _ooxml_kind(_content_types(raw))
    raise unsupported(gettext_noop("a ZIP archive"))


def _odf_kind(mimetype: bytes) -> Kind:
    if mimetype == b"application/vnd.oasis.opendocument.text":
        return "odt"
    if mimetype.startswith(b"application/vnd.oasis.opendocument."):
        raise unsupported(gettext_noop("an OpenDocument file that is not a text document (ODS, ODP...)"))
    raise unsupported(gettext_noop("a ZIP archive"))


def _content_types(raw: bytes) -> list[str]:
    """ContentType values of an OOXML package; entities are never expanded."""
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
    )
    try:
        root = etree.fromstring(raw, parser)
    except etree.XMLSyntaxError:
        raise unsupported(gettext_noop("an Office file whose description cannot be read")) from None
    return [str(el.get("ContentType", "")).lower() for el in root.iter() if el.get("PartName")]


def _ooxml_kind(content_types: list[str]) -> Kind:
    for marker, outcome in _OOXML_KINDS:
        if any(marker in value for value in content_types):
            if outcome == "docx":
                return "docx"
            raise unsupported(outcome)
    raise unsupported(gettext_noop("an Office file of a kind we do not take"))


# --- OLE2 containers: DOC -----------------------------------------------------------------

def _utf16(name: str) -> bytes:
    return name.encode("utf-16-le")


_OLE_STREAMS: tuple[tuple[bytes, str], ...] = (
    (_utf16("EncryptedPackage"), "encrypted"),
    (_utf16("WordDocument"), "doc"),
    (_utf16("Workbook"), gettext_noop("a spreadsheet (XLS)")),
    (_utf16("PowerPoint Document"), gettext_noop("a presentation (PPT)")),
    (_utf16("__substg1.0_"), gettext_noop("an Outlook message (MSG); save it as EML or print it to PDF")),
)


def _ole_streams(path: Path) -> set[str]:
    """Names of well-known streams found in the compound file's directory (UTF-16 names)."""
    found: set[str] = set()
    tail = b""
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            window = tail + chunk
            found.update(label for needle, label in _OLE_STREAMS if needle in window)
            tail = chunk[-64:]
    return found


_PROTECTED_DOC = gettext_noop("This document is protected by a password, so it cannot be read. Ask the sender "
                              "for a copy without a password, or open it and save it again without one.")
# The Word 97-2003 File Information Block starts the WordDocument stream: wIdent 0xA5EC, then nFib;
# bit 0x0100 of the flags at offset 10 is fEncrypted and bit 0x8000 fObfuscated (both: a password).
_FIB_IDENT = b"\xec\xa5"
_FIB_ENCRYPTED = 0x0100 | 0x8000
_SECTOR = 512


def _doc_encrypted(path: Path) -> bool:
    """Whether a Word 97-2003 file is password-protected, from its File Information Block.

    The WordDocument stream (4 KB or more) begins at a sector boundary; the first boundary that
    holds a FIB of a Word version (nFib 101 to 400) is taken as its start.
    """
    with path.open("rb") as handle:
        offset = _SECTOR
        while True:
            handle.seek(offset)
            fib = handle.read(12)
            if len(fib) < 12:
                return False
            if fib[:2] == _FIB_IDENT and 101 <= struct.unpack_from("<H", fib, 2)[0] <= 400:
                return bool(struct.unpack_from("<H", fib, 10)[0] & _FIB_ENCRYPTED)
            offset += _SECTOR


def _ole_kind(path: Path) -> Kind:
    found = _ole_streams(path)
    if "encrypted" in found:
        raise IngestError("encrypted_document", _PROTECTED_DOC)
    if "doc" in found:
        if _doc_encrypted(path):
            raise IngestError("encrypted_document", _PROTECTED_DOC)
        return "doc"
    for _, label in _OLE_STREAMS[2:]:
        if label in found:
            raise unsupported(label)
    raise unsupported(gettext_noop("an old-style Office file of a kind we do not take"))


# --- ISO media (HEIC) ----------------------------------------------------------------------

def _ftyp_kind(head: bytes) -> Kind:
    (box_size,) = struct.unpack(">I", head[:4])
    box = head[8:min(max(box_size, 16), 512)]
    brands = {box[0:4]} | {box[i:i + 4] for i in range(8, len(box) - 3, 4)}
    if brands & {b"avif", b"avis"} and not brands & (_HEIC_BRANDS - {b"mif1"}):
        raise unsupported(gettext_noop("an AVIF image"))
    if brands & _HEIC_BRANDS:
        return "heic"
    raise unsupported(gettext_noop("a video or audio file"))


# --- Text: TXT and EML --------------------------------------------------------------------

def _text_kind(path: Path, head: bytes) -> Kind:
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _utf16_text_kind(path)
    if b"\x00" in head:
        raise unsupported(gettext_noop("of a type we do not recognise"))
    if _MARKUP_START.match(head):
        raise unsupported(gettext_noop("a web page or drawing (HTML, SVG or XML)"))
    if looks_like_email(head):
        return "eml"
    if _MARKUP_ANYWHERE.search(head[:4096]):
        raise unsupported(gettext_noop("a web page or drawing (HTML, SVG or XML)"))
    _check_plain_text(path)
    return "txt"


def looks_like_email(head: bytes) -> bool:
    """RFC 5322 header fields up to a blank line, with From and one of Date/Subject/To/ID."""
    lines = head.split(b"\n")
    if lines and lines[0].startswith(b"From "):
        lines = lines[1:]
    names: set[bytes] = set()
    for raw in lines:
        line = raw.rstrip(b"\r")
        if not line:
            return b"from" in names and bool(names & _EMAIL_SECOND_FIELDS)
        if line[:1] in (b" ", b"\t") and names:
            continue
        match = _HEADER_FIELD.match(line)
        if match is None:
            return False
        names.add(line[: match.end() - 1].lower())
    return False


def _control_share(data: bytes) -> float:
    controls = sum(1 for byte in data if byte < 32 and byte not in (9, 10, 12, 13, 26, 27))
    return controls / max(len(data), 1)


def _check_plain_text(path: Path) -> None:
    """Plain text has no NUL bytes and almost no control characters, anywhere in the file."""
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            if b"\x00" in chunk or _control_share(chunk) > 0.01:
                raise unsupported(gettext_noop("of a type we do not recognise"))


def _utf16_text_kind(path: Path) -> Kind:
    """Windows "Unicode" text: UTF-16 with a byte-order mark, decoded in chunks."""
    decoder = codecs.getincrementaldecoder("utf-16")()
    try:
        with path.open("rb") as handle:
            while chunk := handle.read(_CHUNK):
                _check_decoded(decoder.decode(chunk))
            _check_decoded(decoder.decode(b"", final=True))
    except UnicodeDecodeError:
        raise unsupported(gettext_noop("of a type we do not recognise")) from None
    return "txt"


def _check_decoded(text: str) -> None:
    if "\x00" in text or _control_share(text.encode("utf-8", "replace")) > 0.01:
        raise unsupported(gettext_noop("of a type we do not recognise"))
