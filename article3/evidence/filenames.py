"""Safe file names for storing and serving uploads, and the Content-Disposition header.

A name from an upload or an archive is untrusted: it may climb folders (``../``), hide its
real type (``x.pdf.exe``, ``evil\u202efdp.exe``), collide with a Windows device (``CON``),
or be too long for the file system. ``safe_filename`` keeps letters (any script), digits,
space and ``-_.()``, at most one extension and only an allowlisted one, and fits in 255 bytes.
"""

import re
import unicodedata
from urllib.parse import quote

ALLOWED_EXTENSIONS = frozenset(
    {"pdf", "jpg", "jpeg", "png", "tif", "tiff", "heic", "docx", "odt", "doc", "txt", "eml", "zip"}
)
MAX_NAME_BYTES = 255
DEFAULT_FALLBACK = "document"
_PUNCTUATION = frozenset(" -_.()")
_LETTER_CATEGORIES = frozenset({"Lu", "Ll", "Lt", "Lm", "Lo", "Nd", "Mn", "Mc"})
_SEPARATORS = re.compile(r"[/\\]")
_RUNS = re.compile(r"(_)_+|( ) +")
_WINDOWS_RESERVED = frozenset(
    {"CON", "PRN", "AUX", "NUL"}
    | {f"COM{digit}" for digit in range(1, 10)}
    | {f"LPT{digit}" for digit in range(1, 10)}
)
_ASCII_SAFE = re.compile(r"[^A-Za-z0-9 ()_-]")
_MAX_EXTENSION_CHARS = 10
# One pass is stable on everything the property tests have tried; because NFKC and the
# filtering could in principle interact (a removed character letting two others combine),
# the clean-up is re-run until it changes nothing, as a guard of the idempotence promise.
_MAX_PASSES = 4


def safe_filename(name: str, *, fallback: str = DEFAULT_FALLBACK) -> str:
    """A harmless, never-empty file name of at most 255 UTF-8 bytes; idempotent."""
    result = _clean(name, fallback=fallback)
    for _ in range(_MAX_PASSES):
        again = _clean(result, fallback=fallback)
        if again == result:
            break
        result = again
    return result


def content_disposition(filename: str, *, inline: bool = False) -> str:
    """An RFC 6266 header value with an ASCII fallback and the RFC 5987 UTF-8 form."""
    safe = safe_filename(filename)
    disposition = "inline" if inline else "attachment"
    encoded = quote(safe, safe="")
    return f"{disposition}; filename=\"{_ascii_fallback(safe)}\"; filename*=UTF-8''{encoded}"


def _clean(name: str, *, fallback: str) -> str:
    stem, extension = _split_extension(_allowlisted(name).strip(" ").rstrip(". "))
    stem = _clean_stem(stem) or _clean_stem(_allowlisted(fallback)) or DEFAULT_FALLBACK
    suffix = f".{extension}" if extension else ""
    stem = _truncate_utf8(stem, MAX_NAME_BYTES - len(suffix.encode())).rstrip(" ")
    return unicodedata.normalize("NFKC", stem + suffix)


def _allowlisted(name: str) -> str:
    """Normalised, last path segment, every character outside the allowlist made '_'."""
    text = _basename(unicodedata.normalize("NFKC", name))
    return _collapse("".join(ch if _allowed(ch) else "_" for ch in text))


def _basename(text: str) -> str:
    """The last non-blank path segment, whichever separator the sender's system used."""
    parts = [part for part in _SEPARATORS.split(text) if part.strip()]
    return parts[-1] if parts else ""


def _allowed(ch: str) -> bool:
    return ch in _PUNCTUATION or unicodedata.category(ch) in _LETTER_CATEGORIES


def _collapse(text: str) -> str:
    return _RUNS.sub(lambda match: match.group(1) or match.group(2), text)


def _split_extension(text: str) -> tuple[str, str]:
    """Keep the last extension only if allowlisted; drop other extension-like endings."""
    stem, dot, extension = text.rpartition(".")
    if not dot:
        return text, ""
    lowered = extension.lower()
    if lowered in ALLOWED_EXTENSIONS:
        return stem, lowered
    if 0 < len(extension) <= _MAX_EXTENSION_CHARS and extension.isalnum():
        return stem, ""  # an unknown type (exe, html, js...): not kept even as a name part
    return text, ""


def _clean_stem(stem: str) -> str:
    """No inner dots (so no double extensions), no leading dot/dash/space, no device names."""
    stem = _collapse(_collapse(stem.replace(".", "_")).lstrip(" -").rstrip(" "))
    if stem.rstrip(" ").upper() in _WINDOWS_RESERVED:
        stem = f"_{stem}"
    return stem


def _truncate_utf8(text: str, limit: int) -> str:
    encoded = text.encode("utf-8")
    if len(encoded) <= limit:
        return text
    return encoded[:limit].decode("utf-8", "ignore")


def _ascii_fallback(safe: str) -> str:
    """ASCII letters only (accents stripped), for clients that ignore filename*."""
    stem, dot, extension = safe.rpartition(".") if "." in safe else (safe, "", "")
    folded = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode("ascii")
    return safe_filename(_ASCII_SAFE.sub("_", folded) + dot + extension)


# Terminal escape sequences: CSI (ESC [ ... final), OSC (ESC ] ... BEL or ST), two-character
# escapes, and the 8-bit CSI.
_TERMINAL_ESCAPE = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[@-Z\\-_]|\x9b[0-?]*[ -/]*[@-~]")
_LINE_BREAKS = frozenset("\r\n\t\v\f\x85\u2028\u2029")
# Joiners that some scripts need (Persian, Indic); every other format character (bidirectional
# overrides and isolates, invisible marks) goes.
_KEPT_FORMAT = frozenset("\u200c\u200d")
MAX_TITLE_CHARS = 300
_ESCAPED_BYTE = re.compile("[\udc80-\udcff]")


def decode_name(name: str | bytes) -> str:
    """A file name as text, whatever the sender's system wrote.

    The OS hands Python undecodable bytes as lone surrogates (a Latin-1 name unpacked from a Windows
    zip); those and raw bytes are read as UTF-8 when they are, else as Windows-1252, which is what
    such names almost always are.
    """
    if isinstance(name, str):
        try:
            raw = name.encode("utf-8", "surrogateescape")
        except UnicodeEncodeError:
            return name.encode("utf-8", "replace").decode("utf-8")
    else:
        raw = name
    text = raw.decode("utf-8", "surrogateescape")
    return _ESCAPED_BYTE.sub(lambda m: bytes([ord(m.group(0)) - 0xDC00]).decode("cp1252", "replace"), text)


def plain_line(text: str, *, limit: int = MAX_TITLE_CHARS) -> str:
    """One line of harmless text: no terminal escapes, control or bidirectional characters, newlines.

    Spaces inside are kept as typed (an imported title comes back as it went out); only the ends
    are trimmed.
    """
    text = _TERMINAL_ESCAPE.sub("", decode_name(text))
    text = "".join(" " if ch in _LINE_BREAKS else ch for ch in text)
    text = "".join(ch for ch in text if _kept(ch))
    return text[:limit].strip()


def _kept(ch: str) -> bool:
    category = unicodedata.category(ch)
    if category == "Cf":
        return ch in _KEPT_FORMAT
    return category not in ("Cc", "Cs", "Co", "Cn")


def title_from_filename(filename: str | bytes) -> str:
    """The default title of an upload: its file name without folders or extension, cleaned."""
    name = _basename(decode_name(filename))
    stem = name.rpartition(".")[0] if "." in name.lstrip(".") else name
    return " ".join(plain_line(stem).split()) or DEFAULT_FALLBACK
