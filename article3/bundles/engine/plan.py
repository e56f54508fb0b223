"""From the bundle input to a page plan: documents in order, labels, volumes, page numbers.

Nothing here opens a PDF: page counts and sizes come in through `Doc`, and the PDF work is
done by `assemble` from the finished plan.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from article3.bundles.engine.model import (
    BundleError,
    BundleInput,
    DocumentPages,
    ExhibitInput,
    Layout,
    PageMap,
)
from article3.bundles.engine.tables import Row, count_pages
from article3.bundles.engine.text import Fonts, TextGuard

Role = Literal["exhibit", "attachment", "closing"]

# Rough sizes of what the engine adds, for planning volumes against a byte limit. The real
# size is checked after writing and the split is redone if a part came out too large.
VOLUME_OVERHEAD = 60_000  # embedded font subsets, catalogue, outline
FRONT_PAGE_BYTES = 4_000
SEPARATOR_BYTES = 2_500
PAGE_OVERHEAD = 350  # stamp stream, page dictionary, object offsets


@dataclass(frozen=True)
class Doc:
    key: str
    title: str  # as given; used in bookmarks, which can show any script
    printable: str  # as printed in the index and on tabs
    date: str
    pdf: Path
    role: Role
    label: str | None
    parent: str | None
    section: str | None
    pages: int
    weight: float  # estimated bytes per page
    sha256: str | None = None


@dataclass(frozen=True)
class Segment:
    """A run of pages of one document, or the separator (tab) page before an exhibit."""

    doc: Doc
    first: int
    last: int
    separator: bool = False

    @property
    def pages(self) -> int:
        return 1 if self.separator else self.last - self.first + 1

    @property
    def continued(self) -> bool:
        return not self.separator and self.first > 1


Block = tuple[Segment, ...]


@dataclass(frozen=True)
class VolumePlan:
    number: int
    segments: tuple[Segment, ...]
    cover: bool
    index_rows: tuple[Row, ...]
    index_pages: int
    country_rows: tuple[Row, ...]
    country_pages: int
    first_page: int = 1

    @property
    def front_pages(self) -> int:
        return int(self.cover) + self.index_pages + self.country_pages

    @property
    def pages(self) -> int:
        return self.front_pages + sum(seg.pages for seg in self.segments)

    @property
    def last_page(self) -> int:
        return self.first_page + self.pages - 1

    @property
    def estimated_bytes(self) -> float:
        content = sum(seg.pages * seg.doc.weight for seg in self.segments if not seg.separator)
        tabs = sum(1 for seg in self.segments if seg.separator)
        engine = self.front_pages * FRONT_PAGE_BYTES + tabs * SEPARATOR_BYTES
        return VOLUME_OVERHEAD + content + engine + self.pages * PAGE_OVERHEAD


def label_for(position: int, style: str) -> str:
    """1 → "A", 26 → "Z", 27 → "AA" (letters), or "1", "2", … (numbers)."""
    if style == "numbers":
        return str(position)
    letters = ""
    while position:
        position, rest = divmod(position - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


Measure = Callable[[ExhibitInput], tuple[int, int]]  # → (pages, file bytes)


def flatten(
    *, spec: BundleInput, layout: Layout, measure: Measure, guard: TextGuard
) -> list[Block]:
    """Blocks in bundle order: each exhibit with its tab and attachments, then closing items."""
    _check_unique_keys(spec)
    blocks: list[Block] = []
    for position, exhibit in enumerate(spec.exhibits, start=1):
        label = label_for(position, layout.label_style)
        docs = _exhibit_docs(exhibit, label=label, measure=measure, guard=guard)
        tab = (Segment(docs[0], 0, 0, separator=True),) if layout.separators else ()
        blocks.append(tab + tuple(Segment(doc, 1, doc.pages) for doc in docs))
    for item in spec.closing:
        doc = _doc(item, role="closing", label=None, parent=None, measure=measure, guard=guard)
        blocks.append((Segment(doc, 1, doc.pages),))
    return blocks


def _exhibit_docs(
    exhibit: ExhibitInput, *, label: str, measure: Measure, guard: TextGuard
) -> list[Doc]:
    main = _doc(exhibit, role="exhibit", label=label, parent=None, measure=measure, guard=guard)
    extra = [
        _doc(
            item, role="attachment", label=label, parent=exhibit.key, measure=measure,
            guard=guard, section=exhibit.section,
        )
        for item in exhibit.attachments
    ]
    return [main, *extra]


def _doc(
    item: ExhibitInput,
    *,
    role: Role,
    label: str | None,
    parent: str | None,
    measure: Measure,
    guard: TextGuard,
    section: str | None = None,
) -> Doc:
    pages, size = measure(item)
    return Doc(
        key=item.key,
        title=" ".join(item.title.split()),
        printable=guard.clean(item.title, ref=item.key),
        date=guard.clean(item.date or "", ref=item.key),
        pdf=item.pdf,
        role=role,
        label=label,
        parent=parent,
        section=guard.clean(section or item.section or "", ref=item.key) or None,
        pages=pages,
        weight=size / pages,
        sha256=item.sha256,
    )


def _all_inputs(spec: BundleInput) -> Iterator[ExhibitInput]:
    for item in (*spec.exhibits, *spec.closing):
        yield item
        yield from item.attachments


def _check_unique_keys(spec: BundleInput) -> None:
    seen: set[str] = set()
    for item in _all_inputs(spec):
        if item.key in seen:
            raise BundleError(f"document key {item.key!r} appears twice in the bundle")
        seen.add(item.key)
    for item in spec.closing:
        if item.attachments:
            raise BundleError(f"closing document {item.key!r} cannot have attachments")


def index_rows(segments: Iterable[Segment], *, number: int) -> tuple[Row, ...]:
    """Index rows for what one volume holds, with a heading whenever the section changes."""
    rows: list[Row] = []
    section: str | None = None
    shown_label: str | None = None
    for seg in segments:
        doc = seg.doc
        if seg.separator:
            continue
        if doc.section != section and (doc.section or rows):
            # A heading for a new section; an empty one ends a section before unsectioned
            # documents (such as the certificate of service), so they do not seem part of it.
            rows.append(Row(label="", text=doc.section or "", date="", style="section"))
        section = doc.section
        label = doc.label or ""
        show = label if label != shown_label or doc.role != "attachment" else ""
        shown_label = label
        text = doc.printable + (" (continued)" if seg.continued else "")
        indent = 1 if doc.role == "attachment" else 0
        rows.append(Row(show, text, doc.date, indent=indent, target=f"{number}:{doc.key}"))
    return tuple(rows)


@dataclass(frozen=True)
class Planner:
    layout: Layout
    fonts: Fonts
    country_rows: tuple[Row, ...]
    byte_budget: float | None

    def volume(self, number: int, segments: tuple[Segment, ...], first_page: int = 1) -> VolumePlan:
        rows = index_rows(segments, number=number) if self.layout.index else ()
        country = self.country_rows if number == 1 else ()
        size = self.layout.page_size
        return VolumePlan(
            number=number,
            segments=segments,
            cover=self.layout.cover,
            index_rows=rows,
            index_pages=count_pages(rows, fonts=self.fonts, size=size) if self.layout.index else 0,
            country_rows=country,
            country_pages=count_pages(country, fonts=self.fonts, size=size) if country else 0,
            first_page=first_page,
        )

    def fits_pages(self, plan: VolumePlan) -> bool:
        limit = self.layout.max_part_pages
        return limit is None or plan.pages <= limit

    def fits_bytes(self, plan: VolumePlan) -> bool:
        return self.byte_budget is None or plan.estimated_bytes <= self.byte_budget

    def fits(self, number: int, segments: tuple[Segment, ...]) -> bool:
        plan = self.volume(number, segments)
        return self.fits_pages(plan) and self.fits_bytes(plan)

    @property
    def limited(self) -> bool:
        return self.layout.max_part_pages is not None or self.byte_budget is not None


@dataclass
class Split:
    """Volumes as runs of segments, with the keys of exhibits cut at page level."""

    volumes: list[tuple[Segment, ...]]
    cut: list[str]
    overweight: list[int]  # volumes that hold a single page larger than the byte limit


def split_volumes(blocks: list[Block], planner: Planner) -> Split:
    everything = tuple(seg for block in blocks for seg in block)
    if not planner.limited:
        return Split([everything], [], [])
    result = Split([], [], [])
    current: tuple[Segment, ...] = ()
    for block in blocks:
        number = len(result.volumes) + 1
        if planner.fits(number, current + block):
            current += block
            continue
        if current:
            result.volumes.append(current)
            current = ()
            if planner.fits(number + 1, block):
                current = block
                continue
        current = _cut_block(block, planner, result)
    if current:
        result.volumes.append(current)
    return result


def _cut_block(block: Block, planner: Planner, result: Split) -> tuple[Segment, ...]:
    """Fill empty volumes page by page with a block too large for one; return the tail."""
    rest = block
    while True:
        number = len(result.volumes) + 1
        count = _most_pages_that_fit(rest, number, planner, result)
        head, rest = take_pages(rest, count)
        if not rest:
            return head
        result.volumes.append(head)
        key = block[0].doc.key
        if key not in result.cut:
            result.cut.append(key)


def _most_pages_that_fit(rest: Block, number: int, planner: Planner, result: Split) -> int:
    low, high = 0, sum(seg.pages for seg in rest)
    while low < high:
        middle = (low + high + 1) // 2
        if planner.fits(number, take_pages(rest, middle)[0]):
            low = middle
        else:
            high = middle - 1
    if low:
        return low
    if not planner.fits_pages(planner.volume(number, take_pages(rest, 1)[0])):
        raise BundleError(
            "max_part_pages is too small: a part cannot hold its cover, its index and one page"
        )
    result.overweight.append(number)
    return 1


def take_pages(segments: Block, count: int) -> tuple[Block, Block]:
    """Split a run of segments after `count` pages, cutting a document if needed."""
    head: list[Segment] = []
    for position, seg in enumerate(segments):
        if count <= 0:
            return tuple(head), segments[position:]
        if seg.pages <= count:
            head.append(seg)
            count -= seg.pages
            continue
        cut = seg.first + count - 1
        head.append(Segment(seg.doc, seg.first, cut))
        tail = (Segment(seg.doc, cut + 1, seg.last), *segments[position + 1 :])
        return tuple(head), tail
    return tuple(head), ()


def number_volumes(split: Split, planner: Planner) -> list[VolumePlan]:
    plans: list[VolumePlan] = []
    first = 1
    for number, segments in enumerate(split.volumes, start=1):
        plan = planner.volume(number, segments, first)
        plans.append(plan)
        first = plan.last_page + 1
    return plans


def page_map(plans: list[VolumePlan]) -> PageMap:
    """Bundle page ranges of every document (pinpoints are added by the caller)."""
    starts: dict[str, tuple[int, int]] = {}
    ends: dict[str, int] = {}
    tabs: dict[str, int] = {}
    docs: dict[str, Doc] = {}
    for plan in plans:
        page = plan.first_page + plan.front_pages
        for seg in plan.segments:
            if seg.separator:
                tabs[seg.doc.key] = page
            else:
                starts.setdefault(seg.doc.key, (plan.number, page))
                ends[seg.doc.key] = page + seg.pages - 1
                docs[seg.doc.key] = seg.doc
            page += seg.pages
    documents = {
        key: DocumentPages(
            volume=volume, start=start, end=ends[key], label=docs[key].label,
            parent=docs[key].parent, tab=tabs.get(key),
        )
        for key, (volume, start) in starts.items()
    }
    volumes = tuple((plan.first_page, plan.last_page) for plan in plans)
    return PageMap(total=plans[-1].last_page, volumes=volumes, documents=documents)
