"""Writing one volume: generated pages and stamped pieces, links, bookmarks and metadata, saved.

The document pages come as pieces (see `pieces`), made now or taken from the cache; the
generated pages (cover, indexes, tabs) are drawn for each build and stamped here.
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

from article3.bundles.engine.model import Layout
from article3.bundles.engine.pieces import Pieces, set_page_tree
from article3.bundles.engine.plan import Segment, VolumePlan
from article3.bundles.engine.render import Link, Rendered
from article3.bundles.engine.stamp import Stamper
from article3.words import Words, gettext_noop

CREATOR = "Article3"
PRODUCER = f"Article3 bundle engine (pikepdf {pikepdf.__version__})"


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


Step = Callable[[Words], None]
COPYING = Words(gettext_noop("copying documents"))


def write_volume(
    *, plan: VolumePlan, rendered: Rendered, layout: Layout, meta: VolumeMeta, path: Path,
    pieces: Pieces, step: Step,
) -> Written:
    pdf = pikepdf.Pdf.new()
    with pikepdf.open(io.BytesIO(rendered.pdf)) as drawn:
        drawn_pages = [pdf.copy_foreign(page.obj) for page in drawn.pages]
    pages = drawn_pages[: rendered.front_pages]
    tabs = dict(zip(rendered.tabs, drawn_pages[rendered.front_pages :], strict=True))

    def number(index: int) -> str:
        return layout.number_format.format(n=plan.first_page + index, total=meta.total, part=plan.number)

    generated = _copy_segments(pdf, pages, plan.segments, tabs=tabs, pieces=pieces, number=number, step=step)
    set_page_tree(pdf, pages)
    stamper = Stamper(pdf, band=layout.band_height)
    for index in [*range(rendered.front_pages), *generated]:
        stamper.stamp(pages[index], text=number(index), shrink=False)
    _add_links(pdf, pages, rendered.links, first_page=plan.first_page)
    if layout.bookmarks:
        _add_outline(pdf, pages, plan=plan, layout=layout)
    _set_metadata(pdf, meta=meta, number=plan.number)
    step(Words(gettext_noop("writing part %(part)s of %(parts)s"), {"part": plan.number, "parts": meta.parts}))
    return _save(pdf, path, pages=len(pages))


def _copy_segments(
    pdf: pikepdf.Pdf, pages: list[pikepdf.Object], segments: tuple[Segment, ...], *,
    tabs: Mapping[str, pikepdf.Object], pieces: Pieces, number: Callable[[int], str], step: Step,
) -> list[int]:
    """Append the tab pages and every run's stamped piece; return the indexes of the tabs."""
    generated: list[int] = []
    for seg in segments:
        if seg.separator:
            generated.append(len(pages))
            pages.append(tabs[seg.doc.key])
            continue
        numbers = [number(len(pages) + offset) for offset in range(seg.pages)]
        with pieces.fetch(seg, numbers=numbers) as piece:
            pages.extend(pdf.copy_foreign(page.obj) for page in piece.pages)
        step(COPYING)
    return generated


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
