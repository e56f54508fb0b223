"""Turn one parsed YAML document into a validated `RulePack`, section by section."""

from __future__ import annotations

import dataclasses
import datetime
import re
from collections.abc import Callable, Mapping

from . import _schema as s
from ._bundle import parse_bundle
from ._emergency import parse_emergency
from .model import (
    CALENDARS,
    CONDITIONS,
    CORE_ELEMENTS,
    CURRENCY_KINDS,
    DIRECTIONS,
    FILINGS,
    ROLES,
    ROLLS,
    UNITS,
    BundleProfile,
    Change,
    CurrencyRule,
    DeadlineRule,
    Element,
    Factor,
    Languages,
    Respondents,
    RulePack,
    ServiceRule,
    Statement,
    Trigger,
    frozen_map,
)

BundleResolver = Callable[[s.Ctx, str], BundleProfile]
_CODE = re.compile(r"^[a-z][a-z0-9_]*$")
_TOP_KEYS = (
    "forum",
    "name",
    "last_verified",
    "standard",
    "languages",
    "elements",
    "factors",
    "currency",
    "effective",
    "triggers",
    "deadlines",
    "bundle",
)
# Only the forums that bring a case against a State (un-cat, echr) list the States it may name.
_TOP_OPTIONAL = ("respondents", "emergency", "review")
# The kinds of document an emergency option may name (article3.docs.models.DocKind, which needs Django).
DRAFTED = frozenset({"stay_motion", "rule39_request", "un_cat_communication"})
_ISO_STATE = re.compile(r"^[A-Z]{2}$")
_RULE_REQUIRED = {"id", "label", "trigger", "period"} | s.SOURCE_KEYS
# Keys a rule with a fixed period must state; a rule with `period: null` may leave them out.
_RULE_COUNTED = ("unit", "direction", "filing", "roll", "calendar", "counting", "roll_rule")
_RULE_OPTIONAL = {
    *_RULE_COUNTED,
    *("service", "applies_when", "effective_from", "effective_to", "note", "last_verified"),
}


def parse_pack(raw: object, *, file: str, resolve_bundle: BundleResolver) -> RulePack:
    ctx = s.Ctx(file)
    top = s.mapping(ctx, raw, required=_TOP_KEYS, optional=_TOP_OPTIONAL)
    forum = s.text(ctx.key("forum"), top["forum"])
    expected = file.removesuffix(".yaml")
    if forum != expected:
        ctx.key("forum").fail(f"{forum!r} does not match the file name (expected {expected!r})")
    last_verified = s.day(ctx.key("last_verified"), top["last_verified"])
    elements = _elements(ctx.key("elements"), top["elements"], last_verified)
    triggers = s.items(ctx.key("triggers"), top["triggers"], _trigger)
    deadlines = [
        rule if rule.last_verified else dataclasses.replace(rule, last_verified=last_verified)
        for rule in s.items(ctx.key("deadlines"), top["deadlines"], _rule)
    ]
    _check_links(ctx, triggers, deadlines)
    rule_ids = {rule.id for rule in deadlines}
    return RulePack(
        forum=forum,
        name=s.text(ctx.key("name"), top["name"]),
        last_verified=last_verified,
        standard=_standard(ctx.key("standard"), top["standard"]),
        languages=_languages(ctx.key("languages"), top["languages"]),
        elements=elements,
        factors=_factors(ctx.key("factors"), top["factors"], {e.code for e in elements}),
        currency=_currency(ctx.key("currency"), top["currency"]),
        effective=_changes(ctx.key("effective"), top["effective"], rule_ids),
        triggers=tuple(triggers),
        deadlines=tuple(deadlines),
        bundle=parse_bundle(ctx.key("bundle"), top["bundle"], forum=forum, resolve=resolve_bundle),
        respondents=_respondents(ctx.key("respondents"), top.get("respondents")),
        emergency=parse_emergency(ctx.key("emergency"), top.get("emergency"), documents=DRAFTED),
        review=_standard(ctx.key("review"), top["review"]) if top.get("review") else None,
    )


def _standard(ctx: s.Ctx, value: object) -> Statement:
    standard = s.statement(ctx, value)
    if s.says_not_read(standard.text):
        # The standard's text prints in briefs; keep what nobody read out of it.
        ctx.key("text").fail("says a text was not read: say it in a comment, and mark the standard unverified")
    return standard


def _respondents(ctx: s.Ctx, value: object) -> Respondents | None:
    if value is None:
        return None
    raw = s.mapping(ctx, value, required={"states", "as_of", "text"} | s.SOURCE_KEYS)
    states = s.identifiers(ctx.key("states"), raw["states"])
    for i, code in enumerate(states):
        if not _ISO_STATE.match(code):
            ctx.key("states").index(i).fail(f"{code!r} is not an ISO 3166-1 alpha-2 code in capitals")
    if not states:
        ctx.key("states").fail("list at least one State")
    return Respondents(states=states, as_of=s.day(ctx.key("as_of"), raw["as_of"]),
                       text=s.text(ctx.key("text"), raw["text"]), source=s.source(ctx, raw))


def _languages(ctx: s.Ctx, value: object) -> Languages:
    raw = s.mapping(ctx, value, required={"codes"} | s.SOURCE_KEYS)
    codes = s.identifiers(ctx.key("codes"), raw["codes"])
    for i, code in enumerate(codes):
        if not re.fullmatch(r"[a-z]{2}", code):
            ctx.key("codes").index(i).fail(f"{code!r} is not a two-letter ISO 639-1 code")
    if not codes:
        ctx.key("codes").fail("list at least one language")
    return Languages(codes=codes, source=s.source(ctx, raw))


def _elements(ctx: s.Ctx, value: object, pack_verified: datetime.date) -> tuple[Element, ...]:
    raw = s.mapping(ctx, value, required=CORE_ELEMENTS, optional=_extra_codes(ctx, value))
    return tuple(_element(ctx.key(code), code, item, pack_verified) for code, item in raw.items())


def _extra_codes(ctx: s.Ctx, value: object) -> set[str]:
    """Forum-specific element codes are allowed if they look like codes."""
    extra = set(value) - set(CORE_ELEMENTS) if isinstance(value, dict) else set()
    for code in extra:
        if not isinstance(code, str) or not _CODE.match(code):
            ctx.key(str(code)).fail("an element code is lower_snake_case")
    return extra


def _element(ctx: s.Ctx, code: str, value: object, pack_verified: datetime.date) -> Element:
    raw = s.mapping(
        ctx,
        value,
        required={"label", "description", "role", "applicable"} | s.SOURCE_KEYS,
        optional={"caveat", "last_verified"},
    )
    own_date = s.optional_day(ctx.key("last_verified"), raw.get("last_verified"))
    description = s.text(ctx.key("description"), raw["description"])
    source = s.source(ctx, raw)
    caveat = s.optional_text(ctx.key("caveat"), raw.get("caveat"))
    if s.says_not_read(description):
        # The description prints in drafts; what nobody read belongs in the caveat.
        ctx.key("description").fail("says a text was not read: move that to caveat")
    if source.verified and (s.says_not_read(caveat) or s.says_not_read(source.citation)):
        ctx.key("verified").fail("true, but the caveat or source says the text was not read")
    return Element(
        code=code,
        label=s.text(ctx.key("label"), raw["label"]),
        description=description,
        role=s.choice(ctx.key("role"), raw["role"], ROLES),
        applicable=s.boolean(ctx.key("applicable"), raw["applicable"]),
        source=source,
        last_verified=own_date or pack_verified,
        caveat=caveat,
    )


def _factors(ctx: s.Ctx, value: object, codes: set[str]) -> tuple[Factor, ...]:
    factors = s.items(ctx, value, lambda where, item: _factor(where, item, codes))
    s.unique(ctx, (f.id for f in factors), "factor id")
    return tuple(factors)


def _factor(ctx: s.Ctx, value: object, codes: set[str]) -> Factor:
    raw = s.mapping(ctx, value, required={"id", "label", "description", "elements"} | s.SOURCE_KEYS)
    return Factor(
        id=s.text(ctx.key("id"), raw["id"]),
        label=s.text(ctx.key("label"), raw["label"]),
        description=s.text(ctx.key("description"), raw["description"]),
        elements=s.identifiers(ctx.key("elements"), raw["elements"], allowed=sorted(codes)),
        source=s.source(ctx, raw),
    )


def _currency(ctx: s.Ctx, value: object) -> tuple[CurrencyRule, ...]:
    raw = s.mapping(ctx, value, required=CURRENCY_KINDS)
    return tuple(_currency_rule(ctx.key(kind), kind, raw[kind]) for kind in CURRENCY_KINDS)


def _currency_rule(ctx: s.Ctx, kind: str, value: object) -> CurrencyRule:
    raw = s.mapping(ctx, value, required={"months"} | s.SOURCE_KEYS, optional={"note"})
    return CurrencyRule(
        kind=kind,
        months=s.integer(ctx.key("months"), raw["months"], minimum=1),
        note=s.optional_text(ctx.key("note"), raw.get("note")),
        source=s.source(ctx, raw),
    )


def _changes(ctx: s.Ctx, value: object, rule_ids: set[str]) -> tuple[Change, ...]:
    changes = s.items(ctx, value, lambda where, item: _change(where, item, rule_ids))
    s.unique(ctx, (c.id for c in changes), "change id")
    return tuple(changes)


def _change(ctx: s.Ctx, value: object, rule_ids: set[str]) -> Change:
    raw = s.mapping(ctx, value, required={"id", "date", "description", "rules"} | s.SOURCE_KEYS)
    return Change(
        id=s.text(ctx.key("id"), raw["id"]),
        date=s.day(ctx.key("date"), raw["date"]),
        description=s.text(ctx.key("description"), raw["description"]),
        rules=s.identifiers(ctx.key("rules"), raw["rules"], allowed=sorted(rule_ids)),
        source=s.source(ctx, raw),
    )


def _trigger(ctx: s.Ctx, value: object) -> Trigger:
    raw = s.mapping(ctx, value, required={"id", "label", "rules"}, optional={"services", "note"})
    services = s.keyed(ctx.key("services"), raw.get("services") or {})
    return Trigger(
        id=s.text(ctx.key("id"), raw["id"]),
        label=s.text(ctx.key("label"), raw["label"]),
        rules=s.identifiers(ctx.key("rules"), raw["rules"]),
        services=frozen_map(
            {key: s.text(ctx.key("services").key(key), label) for key, label in services.items()}
        ),
        note=s.optional_text(ctx.key("note"), raw.get("note")),
    )


def _rule(ctx: s.Ctx, value: object) -> DeadlineRule:
    raw = s.mapping(ctx, value, required=_RULE_REQUIRED, optional=_RULE_OPTIONAL)
    period = s.optional_integer(ctx.key("period"), raw["period"], minimum=1)
    if period is not None:
        for key in _RULE_COUNTED:
            if key not in raw:
                ctx.key(key).fail("missing (required when the rule has a period)")
    return DeadlineRule(
        id=s.text(ctx.key("id"), raw["id"]),
        label=s.text(ctx.key("label"), raw["label"]),
        trigger=s.text(ctx.key("trigger"), raw["trigger"]),
        period=period,
        unit=s.optional_choice(ctx.key("unit"), raw.get("unit"), UNITS),
        direction=s.optional_choice(ctx.key("direction"), raw.get("direction"), DIRECTIONS),
        filing=s.optional_choice(ctx.key("filing"), raw.get("filing"), FILINGS),
        roll=s.optional_choice(ctx.key("roll"), raw.get("roll"), ROLLS),
        calendar=s.optional_choice(ctx.key("calendar"), raw.get("calendar"), CALENDARS),
        service=_service(ctx.key("service"), raw.get("service")),
        applies_when=_conditions(ctx.key("applies_when"), raw.get("applies_when")),
        effective_from=s.optional_day(ctx.key("effective_from"), raw.get("effective_from")),
        effective_to=s.optional_day(ctx.key("effective_to"), raw.get("effective_to")),
        note=s.optional_text(ctx.key("note"), raw.get("note")),
        source=s.source(ctx, raw),
        counting=_optional_statement(ctx.key("counting"), raw.get("counting")),
        roll_rule=_optional_statement(ctx.key("roll_rule"), raw.get("roll_rule")),
        last_verified=s.optional_day(ctx.key("last_verified"), raw.get("last_verified")),
    )


def _optional_statement(ctx: s.Ctx, value: object) -> Statement | None:
    return None if value is None else s.statement(ctx, value)


def _service(ctx: s.Ctx, value: object) -> ServiceRule | None:
    if value is None:
        return None
    raw = s.mapping(ctx, value, required={"extra_days", "text"} | s.SOURCE_KEYS)
    days = s.keyed(ctx.key("extra_days"), raw["extra_days"])
    return ServiceRule(
        extra_days=frozen_map(
            {key: s.integer(ctx.key("extra_days").key(key), n) for key, n in days.items()}
        ),
        text=s.text(ctx.key("text"), raw["text"]),
        source=s.source(ctx, raw),
    )


def _conditions(ctx: s.Ctx, value: object) -> Mapping[str, bool]:
    raw = s.mapping(ctx, value or {}, required=(), optional=CONDITIONS)
    return frozen_map({key: s.boolean(ctx.key(key), flag) for key, flag in raw.items()})


def _check_links(ctx: s.Ctx, triggers: list[Trigger], rules: list[DeadlineRule]) -> None:
    """Triggers and rules must name each other both ways, with no dangling reference."""
    s.unique(ctx.key("triggers"), (t.id for t in triggers), "trigger id")
    by_id = {t.id: t for t in triggers}
    rule_ids = {rule.id for rule in rules}
    for i, trigger in enumerate(triggers):
        for j, rule_id in enumerate(trigger.rules):
            if rule_id not in rule_ids:
                ctx.key("triggers").index(i).key("rules").index(j).fail(f"no rule {rule_id!r}")
    for i, rule in enumerate(rules):
        _check_rule(ctx.key("deadlines").index(i), rule, by_id)
    _check_versions(ctx.key("deadlines"), rules)


def _check_rule(ctx: s.Ctx, rule: DeadlineRule, triggers: Mapping[str, Trigger]) -> None:
    trigger = triggers.get(rule.trigger)
    if trigger is None:
        known = ", ".join(triggers) or "none"
        ctx.key("trigger").fail(f"unknown trigger {rule.trigger!r} (known: {known})")
    if rule.id not in trigger.rules:
        ctx.key("trigger").fail(f"rule {rule.id!r} is not listed in trigger {trigger.id!r} rules")
    if rule.effective_from and rule.effective_to and rule.effective_to < rule.effective_from:
        ctx.key("effective_to").fail("is before effective_from")
    _check_service(ctx.key("service"), rule, trigger)


def _check_service(ctx: s.Ctx, rule: DeadlineRule, trigger: Trigger) -> None:
    methods = sorted(trigger.services)
    if rule.service is None:
        if methods:
            ctx.fail(f"missing (trigger {trigger.id!r} is served by {', '.join(methods)})")
        return
    if not methods:
        ctx.fail(f"trigger {trigger.id!r} has no service methods")
    if sorted(rule.service.extra_days) != methods:
        ctx.key("extra_days").fail(f"must give days for exactly {', '.join(methods)}")


def _check_versions(ctx: s.Ctx, rules: list[DeadlineRule]) -> None:
    """Versions of one rule id must share a trigger and never apply to the same case."""
    for i, rule in enumerate(rules):
        for earlier in rules[:i]:
            if earlier.id != rule.id:
                continue
            if earlier.trigger != rule.trigger:
                ctx.index(i).key("trigger").fail(f"differs from another version of {rule.id!r}")
            if _overlap(earlier, rule):
                ctx.index(i).fail(f"overlaps another version of {rule.id!r}; set effective dates")


def _overlap(a: DeadlineRule, b: DeadlineRule) -> bool:
    shared = set(a.applies_when) & set(b.applies_when)
    if any(a.applies_when[key] != b.applies_when[key] for key in shared):
        return False
    start = max(a.effective_from or datetime.date.min, b.effective_from or datetime.date.min)
    end = min(a.effective_to or datetime.date.max, b.effective_to or datetime.date.max)
    return start <= end
