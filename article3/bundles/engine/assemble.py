"""Writing one volume: copy pages, stamp numbers, add links, bookmarks and metadata, save.

Pages are copied from the source PDFs (text layers intact, nothing rasterised). Each source is
opened for its run of pages and closed straight after: pikepdf copies foreign stream data
immediately, so nothing needs a source once its pages are in the output.
"""

from __future__ import annotations

import hashlib
import io
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

import pikepdf
from pikepdf import Array, Dictionary, Name, OutlineItem

from article3.bundles.engine.model import BundleError, Layout
from article3.bundles.engine.plan import Segment, VolumePlan
from article3.bundles.engine.render import Link, Rendered
from article3.bundles.engine.stamp import Stamper

CREATOR = "Article3"
PRODUCER = f"Article3 bundle engine (pikepdf {pikepdf.__version__})"
# Annotations that carry files or run things, and actions that run or fetch things.
UNSAFE_ANNOTS = {"/FileAttachment", "/Sound", "/Movie", "/Screen", "/RichMedia", "/3D"}
UNSAFE_ACTIONS = {
    "/JavaScript", "/Launch", "/SubmitForm", "/ImportData", "/ResetForm", "/Rendition",
    "/GoToE", "/GoToR", "/GoTo3DView", "/RichMediaExecute", "/Sound", "/Movie", "/Hide",
    "/URI",  # `javascript:` and `file:` addresses, and links that tell their sender the bundle was read
}


@dataclass(frozen=True)
class VolumeMeta:
    title: str
    subject: str
    total: int
    parts: int


@dataclass(frozen=True)
class Written:
    path: Path
    pages: int
    bytes: int
    sha256: str


Step = Callable[[str], None]


def open_source(path: Path, *, key: str) -> pikepdf.Pdf:
    try:
        return pikepdf.open(path, access_mode=pikepdf.AccessMode.stream)
    except pikepdf.PasswordError as exc:
        raise BundleError(f"document {key}: its PDF is password-protected") from exc
    except (pikepdf.PdfError, OSError) as exc:
        problem = type(exc).__name__
        raise BundleError(f"document {key}: its PDF cannot be read ({problem})") from exc


def write_volume(
    *, plan: VolumePlan, rendered: Rendered, layout: Layout, meta: VolumeMeta, path: Path,
    step: Step,
) -> Written:
    pdf = pikepdf.Pdf.new()
    with pikepdf.open(io.BytesIO(rendered.pdf)) as drawn:
        drawn_pages = [pdf.copy_foreign(page.obj) for page in drawn.pages]
    pages = drawn_pages[: rendered.front_pages]
    tabs = dict(zip(rendered.tabs, drawn_pages[rendered.front_pages :], strict=True))
    generated = _copy_segments(pdf, pages, plan.segments, tabs=tabs, step=step)
    generated.update(range(rendered.front_pages))
    _set_page_tree(pdf, pages)
    _stamp_all(pdf, pages, plan=plan, layout=layout, meta=meta, generated=generated)
    _add_links(pdf, pages, rendered.links, first_page=plan.first_page)
    if layout.bookmarks:
        _add_outline(pdf, pages, plan=plan, layout=layout)
    _set_metadata(pdf, meta=meta, number=plan.number)
    step(f"writing part {plan.number} of {meta.parts}")
    return _save(pdf, path, pages=len(pages))


def _copy_segments(
    pdf: pikepdf.Pdf, pages: list[pikepdf.Object], segments: tuple[Segment, ...], *,
    tabs: Mapping[str, pikepdf.Object], step: Step,
) -> set[int]:
    """Append every segment's pages; return the indexes of the tab pages (drawn by us).

    Pages are copied as objects and the page tree is written once at the end: inserting
    pages one by one through `pdf.pages` costs time proportional to the pages already
    there, which made a 10,000-page bundle quadratic.
    """
    generated: set[int] = set()
    for seg in segments:
        if seg.separator:
            generated.add(len(pages))
            pages.append(tabs[seg.doc.key])
            continue
        with open_source(seg.doc.pdf, key=seg.doc.key) as source:
            for page in source.pages[seg.first - 1 : seg.last]:
                # pikepdf opens with inherit_page_attributes: boxes, /Rotate and
                # /Resources inherited from the source's page tree are already on the page.
                copied = pdf.copy_foreign(page.obj)
                sanitise_page(copied)
                pages.append(copied)
        step("copying documents")
    return generated


def _set_page_tree(pdf: pikepdf.Pdf, pages: list[pikepdf.Object]) -> None:
    """One flat /Pages node; `pdf.pages` is not used before this, so qpdf reads it fresh."""
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


def _stamp_all(
    pdf: pikepdf.Pdf, pages: list[pikepdf.Object], *, plan: VolumePlan, layout: Layout,
    meta: VolumeMeta, generated: set[int],
) -> None:
    stamper = Stamper(pdf, band=layout.band_height)
    for index, page in enumerate(pages):
        number = plan.first_page + index
        text = layout.number_format.format(n=number, total=meta.total, part=plan.number)
        shrink = layout.shrink_to_band and index not in generated
        stamper.stamp(page, text=text, shrink=shrink)


def _add_links(
    pdf: pikepdf.Pdf, pages: list[pikepdf.Object], links: tuple[Link, ...], *, first_page: int
) -> None:
    for link in links:
        target = link.target - first_page
        if not 0 <= target < len(pages):
            continue
        annot = pdf.make_indirect(
            Dictionary(
                Type=Name.Annot,
                Subtype=Name.Link,
                Rect=Array(list(link.rect)),
                Border=Array([0, 0, 0]),
                Dest=Array([pages[target], Name.Fit]),
            )
        )
        page = pages[link.page]
        if not isinstance(page.get("/Annots"), Array):
            page.Annots = Array()
        page.Annots.append(annot)


def _add_outline(
    pdf: pikepdf.Pdf, pages: list[pikepdf.Object], *, plan: VolumePlan, layout: Layout
) -> None:
    def item(title: str, index: int) -> OutlineItem:
        # An explicit destination: a page number would make pikepdf look the page up
        # through `pdf.pages`, once per bookmark.
        return OutlineItem(title, Array([pages[index], Name.Fit]))

    with pdf.open_outline() as outline:
        root = outline.root
        root.clear()
        root.extend(_front_items(plan, layout, item))
        root.extend(_document_items(plan, item))
    pdf.Root.PageMode = Name.UseOutlines


MakeItem = Callable[[str, int], OutlineItem]


def _front_items(plan: VolumePlan, layout: Layout, item: MakeItem) -> list[OutlineItem]:
    items: list[OutlineItem] = []
    first = int(plan.cover)
    if plan.index_pages:
        items.append(item(layout.index_title, first))
    if plan.country_pages:
        items.append(item("Country conditions index", first + plan.index_pages))
    return items


def _document_items(plan: VolumePlan, make: MakeItem) -> list[OutlineItem]:
    """Exhibits nested in their section, attachments nested in their exhibit."""
    top: list[OutlineItem] = []
    section: tuple[str, OutlineItem] | None = None
    exhibit: tuple[str, OutlineItem] | None = None
    index = plan.front_pages
    for seg in plan.segments:
        page, index = index, index + seg.pages
        if seg.separator:
            continue
        doc = seg.doc
        item = make(_bookmark_title(seg), page)
        if doc.role == "attachment" and exhibit is not None and exhibit[0] == doc.parent:
            exhibit[1].children.append(item)
            continue
        if doc.section and (section is None or section[0] != doc.section):
            section = (doc.section, make(doc.section, page))
            top.append(section[1])
        elif not doc.section:
            section = None
        (section[1].children if section else top).append(item)
        exhibit = (doc.key, item) if doc.role == "exhibit" else None
    return top


def _bookmark_title(seg: Segment) -> str:
    doc = seg.doc
    prefix = f"{doc.label}. " if doc.role == "exhibit" and doc.label else ""
    return prefix + doc.title + (" (continued)" if seg.continued else "")


def _set_metadata(pdf: pikepdf.Pdf, *, meta: VolumeMeta, number: int) -> None:
    part = f" (Part {number} of {meta.parts})" if meta.parts > 1 else ""
    info = pdf.docinfo
    info[Name.Title] = meta.title + part
    info[Name.Subject] = meta.subject
    info[Name.Creator] = CREATOR
    info[Name.Producer] = PRODUCER


def _save(pdf: pikepdf.Pdf, path: Path, *, pages: int) -> Written:
    pdf.save(path, deterministic_id=True, object_stream_mode=pikepdf.ObjectStreamMode.generate)
    pdf.close()
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
        os.fsync(handle.fileno())
    return Written(path=path, pages=pages, bytes=path.stat().st_size, sha256=digest.hexdigest())
