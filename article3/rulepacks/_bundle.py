"""The `bundle` section of a rule pack: each setting is `{value, source, confidence, verified}`."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from . import _schema as s
from .model import (
    EXHIBIT_KINDS,
    LABEL_STYLES,
    PAGE_SIZES,
    PAGINATIONS,
    BundleProfile,
    PageLimit,
    Source,
    frozen_map,
)

T = TypeVar("T")
Resolver = Callable[[s.Ctx, str], BundleProfile]
_SETTINGS = (
    "page_size",
    "cover",
    "index",
    "index_title",
    "exhibit_labels",
    "separator_pages",
    "bookmarks",
    "searchable_text",
    "pagination",
    "translation_after_original",
    "translation_certificate_required",
    "certificate_of_service_required",
    "certificate_of_service_last",
    "max_part_bytes",
    "part_naming",
    "max_pages",
    "min_font_pt",
    "supplementary_naming",
    "exhibit_order",
)
_KIND_OR_NONE = (*EXHIBIT_KINDS, "none")


def parse_bundle(ctx: s.Ctx, value: object, *, forum: str, resolve: Resolver) -> BundleProfile:
    """A full profile, or `{same_as: <forum>}` to reuse another pack's profile."""
    if isinstance(value, dict) and "same_as" in value:
        raw = s.mapping(ctx, value, required={"same_as"}, optional={"note"})
        other = s.text(ctx.key("same_as"), raw["same_as"])
        if other == forum:
            ctx.key("same_as").fail("a pack cannot point to itself")
        return resolve(ctx.key("same_as"), other)
    return _profile(ctx, value, forum=forum)


def _profile(ctx: s.Ctx, value: object, *, forum: str) -> BundleProfile:
    raw = s.mapping(ctx, value, required=[*_SETTINGS, "page_limits"], optional={"note"})
    sources: dict[str, Source] = {}

    def get(name: str, parse: Callable[[s.Ctx, object], T]) -> T:
        where = ctx.key(name)
        item = s.mapping(where, raw[name], required={"value"} | s.SOURCE_KEYS)
        sources[name] = s.source(where, item)
        return parse(where.key("value"), item["value"])

    return BundleProfile(
        profile_of=forum,
        page_size=get("page_size", lambda c, v: s.choice(c, v, PAGE_SIZES)),
        cover=get("cover", s.boolean),
        index=get("index", s.boolean),
        index_title=get("index_title", s.text),
        exhibit_labels=get("exhibit_labels", lambda c, v: s.choice(c, v, LABEL_STYLES)),
        separator_pages=get("separator_pages", s.boolean),
        bookmarks=get("bookmarks", s.boolean),
        searchable_text=get("searchable_text", s.boolean),
        pagination=get("pagination", lambda c, v: s.choice(c, v, PAGINATIONS)),
        translation_after_original=get("translation_after_original", s.boolean),
        translation_certificate_required=get("translation_certificate_required", s.boolean),
        certificate_of_service_required=get("certificate_of_service_required", s.boolean),
        certificate_of_service_last=get("certificate_of_service_last", s.boolean),
        max_part_bytes=get("max_part_bytes", lambda c, v: s.optional_integer(c, v, minimum=1)),
        part_naming=get("part_naming", _part_naming),
        max_pages=get("max_pages", lambda c, v: s.optional_integer(c, v, minimum=1)),
        min_font_pt=get("min_font_pt", lambda c, v: s.optional_integer(c, v, minimum=1)),
        supplementary_naming=get("supplementary_naming", _optional_name),
        exhibit_order=get("exhibit_order", _exhibit_order),
        page_limits=tuple(s.items(ctx.key("page_limits"), raw["page_limits"], _page_limit)),
        sources=frozen_map(sources),
        note=s.optional_text(ctx.key("note"), raw.get("note")),
    )


def _part_naming(ctx: s.Ctx, value: object) -> str:
    name = s.text(ctx, value)
    if "{n}" not in name:
        ctx.fail(f"{name!r} must contain {{n}} for the part number")
    return name


def _optional_name(ctx: s.Ctx, value: object) -> str | None:
    return None if value is None else s.text(ctx, value)


def _exhibit_order(ctx: s.Ctx, value: object) -> tuple[str, ...]:
    kinds = s.identifiers(ctx, value, allowed=EXHIBIT_KINDS)
    missing = [kind for kind in EXHIBIT_KINDS if kind not in kinds]
    if missing:
        ctx.fail(f"must list every document kind; missing {', '.join(missing)}")
    return kinds


def _page_limit(ctx: s.Ctx, value: object) -> PageLimit:
    raw = s.mapping(ctx, value, required={"name", "label", "kind", "pages"} | s.SOURCE_KEYS)
    kind = s.choice(ctx.key("kind"), raw["kind"] or "none", _KIND_OR_NONE)
    return PageLimit(
        name=s.text(ctx.key("name"), raw["name"]),
        label=s.text(ctx.key("label"), raw["label"]),
        kind=None if kind == "none" else kind,
        pages=s.integer(ctx.key("pages"), raw["pages"], minimum=1),
        source=s.source(ctx, raw),
    )
