"""The `emergency` section of a pack: the applicant's identifier with the forum, and the urgent steps
against an imminent removal, each with how to send it and its source."""

from __future__ import annotations

import re

from . import _schema as s
from .model import Emergency, EmergencyOption, Identifier

_KIND = re.compile(r"^[a-z][a-z0-9_]*$")


def parse_emergency(ctx: s.Ctx, value: object, *, documents: frozenset[str]) -> Emergency:
    if value is None:
        return Emergency(identifier=None, options=())
    raw = s.mapping(ctx, value, required={"options"}, optional={"identifier"})
    identifier = _identifier(ctx.key("identifier"), raw["identifier"]) if raw.get("identifier") else None
    options = s.items(ctx.key("options"), raw["options"], lambda c, v: _option(c, v, documents))
    kinds = [option.kind for option in options]
    s.unique(ctx.key("options"), kinds, "option")
    for i, option in enumerate(options):
        for next_kind in option.if_refused:
            if next_kind not in kinds:
                ctx.key("options").index(i).key("if_refused").fail(f"{next_kind!r} is not an option of this pack")
    return Emergency(identifier=identifier, options=tuple(options))


def _identifier(ctx: s.Ctx, value: object) -> Identifier:
    raw = s.mapping(ctx, value, required={"label", "example"} | s.SOURCE_KEYS, optional={"pattern"})
    pattern = s.optional_text(ctx.key("pattern"), raw.get("pattern")) or None
    example = s.text(ctx.key("example"), raw["example"])
    if pattern is not None:
        try:
            re.compile(pattern)
        except re.error as exc:
            ctx.key("pattern").fail(f"not a regular expression: {exc}")
    found = Identifier(label=s.text(ctx.key("label"), raw["label"]), pattern=pattern, example=example,
                       source=s.source(ctx, raw))
    if not found.matches(example):
        ctx.key("example").fail("does not match the pattern")
    return found


def _option(ctx: s.Ctx, value: object, documents: frozenset[str]) -> EmergencyOption:
    raw = s.mapping(ctx, value, required={"kind", "label", "sending"} | s.SOURCE_KEYS,
                    optional={"document", "if_refused"})
    kind = s.text(ctx.key("kind"), raw["kind"])
    if not _KIND.match(kind):
        ctx.key("kind").fail("an option kind is lower_snake_case")
    document = s.optional_text(ctx.key("document"), raw.get("document")) or None
    if document is not None and document not in documents:
        ctx.key("document").fail(f"{document!r} is not a kind of document Article3 drafts")
    return EmergencyOption(kind=kind, label=s.text(ctx.key("label"), raw["label"]), document=document,
                           sending=s.text(ctx.key("sending"), raw["sending"]),
                           if_refused=s.identifiers(ctx.key("if_refused"), raw.get("if_refused") or []),
                           source=s.source(ctx, raw))
