"""PDFs opened with qpdf (through pikepdf), stripped of active content and saved afresh.

The original file is only ever read. What we remove is listed by kind ("javascript",
"launch", "embedded_file", "xfa", "open_action", "additional_actions", "submit_form",
"rich_media", "encryption") so the interface can tell the lawyer what the sender's file had.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pikepdf

from article3.words import Words, gettext_noop

from .errors import IngestError
from .limits import IngestLimits

ACTIVE_KINDS = (
    "javascript", "launch", "embedded_file", "xfa", "open_action", "additional_actions",
    "submit_form", "rich_media", "encryption", "web_link",
)

# Action types that run code, open other files, send data, play media or open an address
# (a `javascript:` or `file:` URI, or a tracking link that tells its sender the file was read);
# the rest (GoTo, Named, ResetForm...) only move the reader within the document. A link's
# address stays readable where the page prints it; only the click is removed.
_ACTION_FLAGS: dict[str, str] = {
    "/JavaScript": "javascript",
    "/Launch": "launch",
    "/GoToR": "launch",
    "/GoToE": "embedded_file",
    "/SubmitForm": "submit_form",
    "/ImportData": "submit_form",
    "/RichMediaExecute": "rich_media",
    "/Rendition": "rich_media",
    "/Movie": "rich_media",
    "/Sound": "rich_media",
    "/URI": "web_link",
}
_MEDIA_ANNOTS = {"/RichMedia", "/Screen", "/Movie", "/Sound", "/3D"}
# Where media annotations keep what they play; removed wherever they are found.
_MEDIA_KEYS = ("/RichMediaContent", "/RichMediaSettings", "/Movie", "/Sound", "/3DD")
_MAX_DEPTH = 64
_MAX_NEXT = 32
# What pikepdf raises on damaged files; the Python ones come from our walk meeting objects
# of an unexpected type where the specification requires a dictionary.
_PDF_FAILURES = (
    pikepdf.PdfError, RuntimeError, ValueError, OverflowError, RecursionError, TypeError,
    AttributeError, KeyError, IndexError, NotImplementedError,
)


@dataclass(frozen=True)
class CleanPdf:
    """What cleaning one PDF found and did."""

    pages: int
    repaired: bool
    active_content: list[str]
    decrypted: bool


def _broken() -> IngestError:
    return IngestError("broken_pdf", gettext_noop(
        "This PDF is too damaged to read. Open it on your computer and print it to a new "
        "PDF (or ask the sender for a fresh copy), then upload that."))


def open_pdf(path: Path) -> pikepdf.Pdf:
    """Open with the empty user password, which is what viewers do for owner-only PDFs."""
    try:
        return pikepdf.open(path, password="")  # nosec B106  # the empty user password, not a secret
    except pikepdf.PasswordError:
        raise IngestError("encrypted_pdf", gettext_noop(
            "This PDF is protected by a password; ask the sender for an unprotected copy, "
            "or open it and print it to a new PDF, then upload that.")) from None
    except _PDF_FAILURES:
        raise _broken() from None


# --- Walking every dictionary --------------------------------------------------------------

def _dicts(pdf: pikepdf.Pdf) -> Iterator[pikepdf.Dictionary | pikepdf.Stream]:
    """Every dictionary (and stream dictionary), indirect or nested directly in another."""
    for obj in pdf.objects:
        yield from _walk(obj, 0)
    yield from _walk(pdf.trailer, 0)


def _walk(obj: pikepdf.Object, depth: int) -> Iterator[pikepdf.Dictionary | pikepdf.Stream]:
    if depth > _MAX_DEPTH:
        return
    if isinstance(obj, (pikepdf.Dictionary, pikepdf.Stream)):
        yield obj
        children = [obj[key] for key in list(obj.keys())]
    elif isinstance(obj, pikepdf.Array):
        children = list(obj)
    else:
        return
    for child in children:
        # Indirect children are visited on their own from pdf.objects; this avoids cycles.
        if isinstance(child, (pikepdf.Dictionary, pikepdf.Array)) and not child.is_indirect:
            yield from _walk(child, depth + 1)


def _name(obj: pikepdf.Object | None) -> str:
    if not isinstance(obj, pikepdf.Name):
        return ""
    try:
        return str(obj)
    except UnicodeDecodeError:  # a name of bytes that are not UTF-8 (found by fuzzing): no name we look for
        return bytes(obj.unparse()).decode("latin-1")


def _action_flags(action: pikepdf.Object, hops: int = 0) -> set[str]:
    """Flags for an action and the actions chained after it through /Next."""
    if hops > _MAX_NEXT:
        return set()
    if isinstance(action, pikepdf.Array):
        return set().union(*(_action_flags(item, hops + 1) for item in action))
    if not isinstance(action, pikepdf.Dictionary):
        return set()
    flags = {_ACTION_FLAGS[s]} if (s := _name(action.get("/S"))) in _ACTION_FLAGS else set()
    if "/JS" in action:
        flags.add("javascript")
    if "/Next" in action:
        flags |= _action_flags(action["/Next"], hops + 1)
    return flags


# --- Detection -------------------------------------------------------------------------

def _dict_flags(obj: pikepdf.Dictionary | pikepdf.Stream) -> set[str]:
    flags = _action_flags(obj)
    if "/AA" in obj and isinstance(obj["/AA"], pikepdf.Dictionary):
        triggered = set().union(*(_action_flags(action) for _, action in obj["/AA"].items()))
        flags |= triggered | ({"additional_actions"} if triggered else set())
    if "/A" in obj:
        flags |= _action_flags(obj["/A"])
    if "/EF" in obj or "/EmbeddedFiles" in obj or _name(obj.get("/Type")) == "/EmbeddedFile":
        flags.add("embedded_file")
    if "/JavaScript" in obj and "/Type" not in obj:
        flags.add("javascript")
    if "/XFA" in obj:
        flags.add("xfa")
    if any(key in obj for key in _MEDIA_KEYS):
        flags.add("rich_media")
    return flags


def _open_action_flags(pdf: pikepdf.Pdf) -> set[str]:
    action = pdf.Root.get("/OpenAction")
    if action is None:
        return set()
    flags = _action_flags(action)
    return flags | {"open_action"} if flags else set()


def find_active_content(pdf: pikepdf.Pdf) -> list[str]:
    """Kinds of active content anywhere in the document, sorted."""
    flags = _open_action_flags(pdf)
    for obj in _dicts(pdf):
        flags |= _dict_flags(obj)
    if pdf.is_encrypted:
        flags.add("encryption")
    return sorted(flags)


# --- Removal ---------------------------------------------------------------------------

def _drop(obj: pikepdf.Dictionary | pikepdf.Stream, *keys: str) -> None:
    for key in keys:
        if key in obj:
            del obj[key]


def _neutralise(obj: pikepdf.Dictionary | pikepdf.Stream) -> None:
    """Make one dictionary inert: no triggers, no scripts, no attached files."""
    _drop(obj, "/AA", "/JS", "/EF", "/RF", "/EmbeddedFiles", "/XFA", *_MEDIA_KEYS)
    if "/JavaScript" in obj and "/Type" not in obj:
        del obj["/JavaScript"]
    if "/A" in obj and _action_flags(obj["/A"]):
        del obj["/A"]
    if _name(obj.get("/S")) in _ACTION_FLAGS:
        for key in list(obj.keys()):
            if key != "/Type":
                del obj[key]
    if isinstance(obj, pikepdf.Stream) and _name(obj.get("/Type")) == "/EmbeddedFile":
        obj.write(b"")


def _is_media(annot: pikepdf.Object) -> bool:
    return isinstance(annot, pikepdf.Dictionary) and _name(annot.get("/Subtype")) in _MEDIA_ANNOTS


def _drop_media_annotations(pdf: pikepdf.Pdf) -> None:
    for page in pdf.pages:
        annots = page.obj.get("/Annots")
        if not isinstance(annots, pikepdf.Array):
            continue
        kept = [a for a in annots if not _is_media(a)]
        if len(kept) != len(annots):
            page.obj["/Annots"] = pikepdf.Array(kept)


def remove_active_content(pdf: pikepdf.Pdf) -> None:
    """Strip everything ``find_active_content`` reports; unreferenced objects go on save."""
    root = pdf.Root
    if not isinstance(root, pikepdf.Dictionary):
        return
    if _open_action_flags(pdf):
        del root["/OpenAction"]
    _drop(root, "/NeedsRendering")
    _drop_media_annotations(pdf)
    for obj in list(_dicts(pdf)):
        _neutralise(obj)


# --- The whole step ------------------------------------------------------------------------

def _page_count(pdf: pikepdf.Pdf, limits: IngestLimits) -> int:
    try:
        pages = len(pdf.pages)
    except _PDF_FAILURES:
        raise _broken() from None
    if pages == 0:
        raise IngestError("broken_pdf", gettext_noop(
            "This PDF has no pages. Ask the sender for a complete copy, then upload that."))
    if pages > limits.max_pages:
        raise IngestError("too_large", Words(gettext_noop(
            "This PDF has more than %(limit)s pages. Split it into parts and upload each part."),
            {"limit": limits.max_pages}))
    return pages


def clean_pdf(*, source: Path, dest: Path, limits: IngestLimits) -> CleanPdf:
    """Write a copy of ``source`` to ``dest`` without encryption or active content."""
    with open_pdf(source) as pdf:
        pages = _page_count(pdf, limits)
        try:
            found = find_active_content(pdf)
            decrypted = bool(pdf.is_encrypted)
            remove_active_content(pdf)
            pdf.save(dest, encryption=False, deterministic_id=True)
        except _PDF_FAILURES:
            raise _broken() from None
        repaired = bool(pdf.get_warnings())
    _verify_clean(dest)
    return CleanPdf(pages=pages, repaired=repaired, active_content=found, decrypted=decrypted)


def _verify_clean(path: Path) -> None:
    """Re-read what we wrote: anything still active means our cleaning missed a case."""
    with open_pdf(path) as pdf:
        left = find_active_content(pdf)
    if left:
        raise IngestError("conversion_failed", gettext_noop(
            "This PDF contains active content (such as scripts or attached files) that could "
            "not be removed safely. Open it on your computer and print it to a new PDF, then "
            "upload that copy."))
