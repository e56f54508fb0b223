"""Stamped pieces: one document's run of pages, copied, made safe and numbered, as a PDF.

A volume is its generated pages (cover, index, tabs) and one piece per document run. A piece
depends only on what its name records (the source PDF's SHA-256, which pages, the exhibit
label, the band settings and the exact numbers stamped), so a cache can hand back the piece
an earlier build made: after one document changes, only that document is stamped again,
with any whose page numbers moved. A piece just made is copied into the volume from memory,
one from the cache from its file; the two are the same objects (see `save_piece`), so the
bundle comes out byte for byte the same either way.

Pages are copied from the source PDFs (text layers intact, nothing rasterised). pikepdf
copies foreign stream data immediately, so a source is closed as soon as its run is copied.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import pikepdf
from pikepdf import Array, Dictionary

from article3.bundles.engine.model import BundleError, Layout
from article3.bundles.engine.plan import Doc, Segment
from article3.bundles.engine.stamp import Stamper

# Change this whenever stamping, sanitising or the piece layout changes: old pieces then miss.
PIECE_FORMAT = 1
# Annotations that carry files or run things, and actions that run or fetch things.
UNSAFE_ANNOTS = {"/FileAttachment", "/Sound", "/Movie", "/Screen", "/RichMedia", "/3D"}
UNSAFE_ACTIONS = {
    "/JavaScript", "/Launch", "/SubmitForm", "/ImportData", "/ResetForm", "/Rendition",
    "/GoToE", "/GoToR", "/GoTo3DView", "/RichMediaExecute", "/Sound", "/Movie", "/Hide",
    "/URI",  # `javascript:` and `file:` addresses, and links that tell their sender the bundle was read
}


class PieceCache(Protocol):
    """Where pieces are kept between builds. An entry may vanish at any time: a miss only costs time.

    Names are `<SHA-256 of the source PDF>-<SHA-256 of the rest of the key>`, so the pieces
    made from one document can be found (and dropped) by its hash.
    """

    def load(self, name: str, *, into: Path) -> bool: ...

    def save(self, name: str, *, source: Path) -> None: ...


@dataclass
class Pieces:
    """Makes each run's piece, or takes it from the cache; counts which happened.

    A piece goes to or comes from the cache through one scratch file beside the bundle, which
    the next piece replaces.
    """

    layout: Layout
    scratch: Path
    cache: PieceCache | None = None
    stamped: int = 0
    reused: int = 0

    def fetch(self, seg: Segment, *, numbers: list[str]) -> pikepdf.Pdf:
        """The piece of `seg`, its pages stamped with `numbers` in order; the caller closes it."""
        name = piece_name(seg, numbers=numbers, layout=self.layout) if self.cache is not None else ""
        # Written afresh, not over the last piece: on ext4, a file renamed over another is
        # flushed to disk first (auto_da_alloc), which made every piece wait for the disk.
        self.scratch.unlink(missing_ok=True)
        if self.cache is not None and self.cache.load(name, into=self.scratch):
            self.reused += 1
            return pikepdf.open(self.scratch)
        piece = make_piece(seg, numbers=numbers, layout=self.layout)
        self.stamped += 1
        if self.cache is not None:
            save_piece(piece, self.scratch)
            self.cache.save(name, source=self.scratch)
        return piece


def piece_name(seg: Segment, *, numbers: list[str], layout: Layout) -> str:
    doc = seg.doc
    key = [
        PIECE_FORMAT, pikepdf.__libqpdf_version__, doc.label, seg.first, seg.last,
        layout.band_height, layout.shrink_to_band, numbers,
    ]
    digest = hashlib.sha256(json.dumps(key).encode()).hexdigest()
    return f"{source_sha256(doc)}-{digest}"


def source_sha256(doc: Doc) -> str:
    """The source PDF's SHA-256: as the caller gave it, or read from the file."""
    if doc.sha256:
        return doc.sha256
    digest = hashlib.sha256()
    with doc.pdf.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def make_piece(seg: Segment, *, numbers: list[str], layout: Layout) -> pikepdf.Pdf:
    pdf = pikepdf.Pdf.new()
    with open_source(seg.doc.pdf, key=seg.doc.key) as source:
        # pikepdf opens with inherit_page_attributes: boxes, /Rotate and /Resources
        # inherited from the source's page tree are already on each page.
        pages = [pdf.copy_foreign(page.obj) for page in source.pages[seg.first - 1 : seg.last]]
    set_page_tree(pdf, pages)
    stamper = Stamper(pdf, band=layout.band_height)
    for page, number in zip(pages, numbers, strict=True):
        sanitise_page(page)
        stamper.stamp(page, text=number, shrink=layout.shrink_to_band)
    return pdf


def save_piece(piece: pikepdf.Pdf, path: Path) -> None:
    """Write the piece as it is in memory: no stream is compressed, decoded or re-encoded.

    Read back, it is then the same objects as the piece it was written from, and the volume's
    own save treats both alike; so a volume comes out byte for byte the same whether its
    pieces were just made or taken from the cache.
    """
    piece.save(
        path, compress_streams=False, stream_decode_level=pikepdf.StreamDecodeLevel.none,
        object_stream_mode=pikepdf.ObjectStreamMode.disable,
    )


def open_source(path: Path, *, key: str) -> pikepdf.Pdf:
    try:
        return pikepdf.open(path, access_mode=pikepdf.AccessMode.stream)
    except pikepdf.PasswordError as exc:
        raise BundleError(f"document {key}: its PDF is password-protected") from exc
    except (pikepdf.PdfError, OSError) as exc:
        problem = type(exc).__name__
        raise BundleError(f"document {key}: its PDF cannot be read ({problem})") from exc


def set_page_tree(pdf: pikepdf.Pdf, pages: list[pikepdf.Object]) -> None:
    """One flat /Pages node, written once.

    Inserting pages one by one through `pdf.pages` costs time proportional to the pages
    already there, which made a 10,000-page bundle quadratic; `pdf.pages` is not used
    before this, so qpdf reads the tree fresh.
    """
    root = pdf.Root.Pages
    for page in pages:
        page.Parent = root
    root.Kids = Array(pages)
    root.Count = len(pages)


def sanitise_page(page: pikepdf.Object) -> None:
    """Drop page actions, file attachments and script actions from a copied page."""
    for key in ("/AA", "/AF"):  # page actions; PDF 2.0 associated (embedded) files
        if key in page:
            del page[key]
    annots = page.get("/Annots")
    if not isinstance(annots, Array):
        return
    kept = [annot for annot in annots if _safe_annotation(annot)]
    if len(kept) != len(annots):
        page.Annots = Array(kept)


def _safe_annotation(annot: pikepdf.Object) -> bool:
    if not isinstance(annot, Dictionary):
        return False
    if annot.get("/Subtype") in UNSAFE_ANNOTS:
        return False
    node: pikepdf.Object | None = annot
    for _ in range(32):  # a form widget's field parents can carry actions too
        if not isinstance(node, Dictionary):
            break
        _drop_actions(node)
        node = node.get("/Parent")
    return True


def _drop_actions(node: pikepdf.Object) -> None:
    for key in ("/AA", "/AF"):
        if key in node:
            del node[key]
    action = node.get("/A")
    if isinstance(action, Dictionary) and (action.get("/S") in UNSAFE_ACTIONS or "/Next" in action):
        del node["/A"]
