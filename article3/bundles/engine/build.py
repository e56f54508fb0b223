"""`build_bundle`: plan the bundle, write its volumes, check their sizes, report.

The plan is made before any page is written: page counts come from the sources, the length
of each index from its measured rows, so every page number (and the page map) is final
before the first volume is assembled. Only a byte limit needs a second look: the sizes are
estimates until a volume is written, so a part that came out too large sends the whole
bundle back to planning with a smaller budget.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from article3.bundles.engine import findings
from article3.bundles.engine.assemble import VolumeMeta, Written, write_volume
from article3.bundles.engine.model import (
    BuildResult,
    BundleError,
    BundleInput,
    ExhibitInput,
    Layout,
    PageMap,
    PinpointPage,
    Volume,
)
from article3.bundles.engine.pieces import PieceCache, Pieces, open_source
from article3.bundles.engine.plan import (
    Doc,
    Planner,
    Split,
    VolumePlan,
    flatten,
    number_volumes,
    page_map,
    split_volumes,
)
from article3.bundles.engine.render import CoverText, Style, Targets, render_volume
from article3.bundles.engine.tables import Row
from article3.bundles.engine.text import TextGuard, load_fonts
from article3.findings import Finding
from article3.words import Words

# (done, total, words). The words (article3.words) name the step, never a document. If a part came out
# over the byte limit the bundle is written again, and the count starts again from 1.
Progress = Callable[[int, int, Words], None]
MAX_ATTEMPTS = 5
EN_DASH = "\u2013"


@dataclass
class Context:
    spec: BundleInput
    layout: Layout
    out: Path
    guard: TextGuard
    progress: Progress | None
    pieces: Pieces
    warnings: list[Finding] = field(default_factory=list)


def build_bundle(
    *, spec: BundleInput, layout: Layout, out: Path, progress: Progress | None = None,
    cache: PieceCache | None = None,
) -> BuildResult:
    """Build the bundle as one PDF at `out`, or as `<stem>_PartN.pdf` volumes beside it.

    With a `cache`, each document's stamped pages are kept there and taken back by later
    builds in which the document, its pages' numbers and the stamp settings are unchanged.
    """
    _check_request(layout, Path(out))
    pieces = Pieces(layout, _temporary(Path(out)).with_suffix(".piece"), cache)
    ctx = Context(spec, layout, Path(out), TextGuard(load_fonts()), progress, pieces)
    try:
        return _build(ctx)
    finally:
        pieces.scratch.unlink(missing_ok=True)


def _build(ctx: Context) -> BuildResult:
    spec, layout = ctx.spec, ctx.layout
    blocks = flatten(spec=spec, layout=layout, measure=_measure, guard=ctx.guard)
    if not blocks:
        raise BundleError("the bundle has no documents")
    docs = {seg.doc.key: seg.doc for block in blocks for seg in block}
    country = _country_rows(ctx, docs)
    budget: float | None = layout.max_part_bytes
    for attempt in range(MAX_ATTEMPTS):
        planner = Planner(layout, ctx.guard.fonts, country, budget)
        split = split_volumes(blocks, planner)
        plans = number_volumes(split, planner)
        pages = _with_pinpoints(ctx, page_map(plans), docs, report=attempt == 0)
        written = _write_all(ctx, plans, pages)
        budget = _smaller_budget(layout, written, budget)
        if budget is None or attempt == MAX_ATTEMPTS - 1 or _cannot_shrink(split, plans):
            return _finish(ctx, plans, split, pages, written)
        _discard(written)
    raise AssertionError("unreachable")


def _check_request(layout: Layout, out: Path) -> None:
    if layout.max_part_pages is not None and layout.max_part_pages < 2:
        raise BundleError("max_part_pages must be at least 2")
    if layout.max_part_bytes is not None and layout.max_part_bytes < 10_000:
        raise BundleError("max_part_bytes must be at least 10000")
    if "{n}" not in layout.part_suffix:
        raise BundleError("part_suffix must contain {n}")
    try:
        layout.number_format.format(n=1, total=1, part=1)
    except (KeyError, IndexError, ValueError) as exc:
        raise BundleError("number_format may only use {n}, {total} and {part}") from exc
    if not out.parent.is_dir():
        raise BundleError("the output folder does not exist")


def _measure(item: ExhibitInput) -> tuple[int, int]:
    if not item.pdf.is_file():
        raise BundleError(f"document {item.key}: its PDF is missing")
    with open_source(item.pdf, key=item.key) as pdf:
        pages = len(pdf.pages)
    if pages == 0:
        raise BundleError(f"document {item.key}: its PDF has no pages")
    return pages, item.pdf.stat().st_size


def _country_rows(ctx: Context, docs: dict[str, Doc]) -> tuple[Row, ...]:
    rows: list[Row] = []
    for number, report in enumerate(ctx.spec.country_index):
        doc = docs.get(report.exhibit_key)
        if doc is None:
            ctx.warnings.append(findings.report_not_in_bundle(report.exhibit_key))
            continue
        title = ctx.guard.clean(report.title, ref=doc.key)
        rows.append(Row(doc.label or "", title, doc.date, target=f"doc:{doc.key}"))
        for line, passage in enumerate(report.passages):
            quote = ctx.guard.clean(passage.quote, ref=doc.key)
            where = f" ({ctx.guard.clean(passage.pinpoint, ref=doc.key)})" if passage.pinpoint else ""
            target = f"cite:{number}:{line}"
            rows.append(Row("", f"“{quote}”{where}", "", indent=1, style="quote", target=target))
    return tuple(rows)


def _with_pinpoints(ctx: Context, pages: PageMap, docs: dict[str, Doc], *, report: bool) -> PageMap:
    resolved: dict[str, PinpointPage] = {}
    for pin in ctx.spec.pinpoints:
        try:
            page = pages.page_of(document_key=pin.document_key, page=pin.page)
        except KeyError:
            if report:
                ctx.warnings.append(findings.pinpoint_unresolved(pin.key, pin.document_key))
            continue
        resolved[pin.key] = PinpointPage(pin.document_key, pages.volume_of(page), page)
    return PageMap(pages.total, pages.volumes, pages.documents, resolved)


def _targets(ctx: Context, plan: VolumePlan, pages: PageMap) -> Targets:
    """What the index rows of one volume show in their pages column, and where they link."""
    targets: dict[str, tuple[str, int | None]] = {}
    page = plan.first_page + plan.front_pages
    for seg in plan.segments:
        if not seg.separator:
            targets[f"{plan.number}:{seg.doc.key}"] = (_span(page, page + seg.pages - 1), page)
        page += seg.pages
    if plan.country_rows:
        targets.update(_country_targets(ctx, plan, pages))
    return targets


def _country_targets(ctx: Context, plan: VolumePlan, pages: PageMap) -> Targets:
    targets: dict[str, tuple[str, int | None]] = {}
    for number, report in enumerate(ctx.spec.country_index):
        where = pages.documents.get(report.exhibit_key)
        if where is None:
            continue
        link = where.start if where.volume == plan.number else None
        targets[f"doc:{report.exhibit_key}"] = (_span(where.start, where.end), link)
        for line, passage in enumerate(report.passages):
            targets[f"cite:{number}:{line}"] = _cite(ctx, pages, report.exhibit_key, passage.page)
    return targets


def _cite(ctx: Context, pages: PageMap, key: str, page: int) -> tuple[str, int | None]:
    try:
        target = pages.page_of(document_key=key, page=page)
    except KeyError:
        finding = findings.passage_unresolved(key, page)
        if finding not in ctx.warnings:
            ctx.warnings.append(finding)
        return "—", None
    return str(target), target if pages.volume_of(target) == 1 else None


def _span(first: int, last: int) -> str:
    return str(first) if first == last else f"{first}{EN_DASH}{last}"


def _write_all(ctx: Context, plans: list[VolumePlan], pages: PageMap) -> list[Written]:
    style = _style(ctx, parts=len(plans))
    cover = _cover(ctx)
    total_steps = sum(1 for p in plans for s in p.segments if not s.separator) + len(plans)
    done = 0

    def step(message: Words) -> None:
        nonlocal done
        done += 1
        if ctx.progress is not None:
            ctx.progress(done, total_steps, message)

    meta = VolumeMeta(ctx.spec.title, ctx.spec.case_reference, pages.total, len(plans))
    written: list[Written] = []
    try:
        for plan in plans:
            targets = _targets(ctx, plan, pages)
            rendered = render_volume(plan=plan, cover=cover, style=style, targets=targets)
            path = _temporary(_final_path(ctx, plan.number, len(plans)))
            written.append(
                write_volume(
                    plan=plan, rendered=rendered, layout=ctx.layout, meta=meta, path=path,
                    pieces=ctx.pieces, step=step,
                )
            )
    except BaseException:
        _discard(written)
        raise
    return written


def _style(ctx: Context, *, parts: int) -> Style:
    header = "Exhibit" if ctx.layout.label_style == "letters" else "Tab"
    title = ctx.guard.clean(ctx.layout.index_title, ref="index")
    return Style(ctx.layout.page_size, ctx.guard.fonts, title, header, parts)


def _cover(ctx: Context) -> CoverText:
    spec, clean = ctx.spec, ctx.guard.clean
    prepared = clean(spec.prepared_by, ref="cover") if spec.prepared_by else None
    return CoverText(
        title=clean(spec.title, ref="cover"),
        case_reference=clean(spec.case_reference, ref="cover"),
        forum_label=clean(spec.forum_label, ref="cover"),
        prepared_by=prepared,
        date=spec.date,
    )


def _final_path(ctx: Context, number: int, parts: int) -> Path:
    if parts == 1:
        return ctx.out
    suffix = ctx.layout.part_suffix.format(n=number)
    return ctx.out.with_name(f"{ctx.out.stem}{suffix}{ctx.out.suffix}")


def _temporary(path: Path) -> Path:
    return path.with_name(f".{path.name}.partial")


def _discard(written: list[Written]) -> None:
    for item in written:
        with contextlib.suppress(FileNotFoundError):
            item.path.unlink()


def _smaller_budget(layout: Layout, written: list[Written], budget: float | None) -> float | None:
    """None when every part is within the byte limit, else a tighter planning budget."""
    limit = layout.max_part_bytes
    if limit is None or budget is None:
        return None
    worst = max(item.bytes for item in written)
    if worst <= limit:
        return None
    return budget * (limit / worst) * 0.97


def _cannot_shrink(split: Split, plans: list[VolumePlan]) -> bool:
    """True when a smaller budget cannot help: every part already holds a single page."""
    return all(plan.pages - plan.front_pages <= 1 for plan in plans) or bool(split.overweight)


def _finish(
    ctx: Context, plans: list[VolumePlan], split: Split, pages: PageMap, written: list[Written]
) -> BuildResult:
    volumes = [
        _publish(ctx, plan, item, len(plans)) for plan, item in zip(plans, written, strict=True)
    ]
    ctx.warnings.extend(_plan_findings(ctx, split, volumes))
    return BuildResult(
        volumes=volumes, pages=pages.total, page_map=pages, warnings=ctx.warnings,
        stamped=ctx.pieces.stamped, reused=ctx.pieces.reused,
    )


def _publish(ctx: Context, plan: VolumePlan, item: Written, parts: int) -> Volume:
    final = _final_path(ctx, plan.number, parts)
    os.replace(item.path, final)
    keys = [seg.doc.parent or seg.doc.key for seg in plan.segments]
    return Volume(
        number=plan.number,
        path=final,
        pages=item.pages,
        bytes=item.bytes,
        sha256=item.sha256,
        first_page=plan.first_page,
        last_page=plan.last_page,
        first_exhibit=keys[0] if keys else None,
        last_exhibit=keys[-1] if keys else None,
    )


def _plan_findings(ctx: Context, split: Split, volumes: list[Volume]) -> list[Finding]:
    result: list[Finding] = []
    if split.cut:
        result.append(findings.exhibit_cut(split.cut))
    limit = ctx.layout.max_part_bytes
    over = [v.number for v in volumes if limit is not None and v.bytes > limit]
    if over:
        result.append(findings.part_over_limit(over))
    if ctx.guard.affected:
        result.append(findings.text_replaced(ctx.guard.affected))
    result.extend(findings.repeated_sections(ctx.spec))
    return result

