"""Forum rule packs: one YAML file per forum beside this module, loaded, validated and cached.

    pack = load_pack("us-eoir")
    pack.element("custody_or_control").applicable       # True
    pack.rules_for_trigger("individual_hearing", on=date(2026, 3, 16), detained=False)
    pack.currency_months("medical")

Validation is strict: unknown keys, a missing source, a bad enum value, a trigger and rule
that do not name each other, or a missing core element code raise `RulePackError` with the
file and key path (`us-eoir.yaml: deadlines[2].unit: 'weeks' is not one of ...`).
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import yaml

try:  # libyaml's parser when PyYAML was built with it (several times faster)
    from yaml import CSafeLoader as _SafeBase
except ImportError:  # pragma: no cover - the pure-Python parser
    from yaml import SafeLoader as _SafeBase  # type: ignore[assignment]

from ._schema import Ctx
from .model import (
    CORE_ELEMENTS,
    CURRENCY_KINDS,
    BundleProfile,
    Change,
    CurrencyRule,
    DeadlineRule,
    Element,
    Emergency,
    EmergencyOption,
    Factor,
    Identifier,
    PageLimit,
    Respondents,
    RulePack,
    RulePackError,
    ServiceRule,
    Source,
    Standard,
    Statement,
    Trigger,
)
from .parse import parse_pack

__all__ = [
    "CORE_ELEMENTS",
    "CURRENCY_KINDS",
    "PACK_DIR",
    "BundleProfile",
    "Change",
    "CurrencyRule",
    "DeadlineRule",
    "Element",
    "Emergency",
    "EmergencyOption",
    "Factor",
    "Identifier",
    "PageLimit",
    "Respondents",
    "RulePack",
    "RulePackError",
    "ServiceRule",
    "Source",
    "Standard",
    "Statement",
    "Trigger",
    "all_packs",
    "load_pack",
    "pack_ids",
    "read_pack",
]

PACK_DIR = Path(__file__).resolve().parent


@functools.cache
def pack_ids() -> tuple[str, ...]:
    """The forum ids of the shipped packs, sorted (the folder is read once per process)."""
    return tuple(sorted(path.stem for path in PACK_DIR.glob("*.yaml")))


@functools.cache
def load_pack(forum: str) -> RulePack:
    """The shipped pack for `forum`, validated once and then cached (packs are immutable)."""
    if forum not in pack_ids():
        raise RulePackError(f"unknown forum {forum!r}; known forums: {', '.join(pack_ids())}")
    return read_pack(PACK_DIR / f"{forum}.yaml")


def all_packs() -> dict[str, RulePack]:
    return {forum: load_pack(forum) for forum in pack_ids()}


def read_pack(path: Path) -> RulePack:
    """Read and validate one pack file without caching (for tests and for checking edits).

    `bundle: {same_as: generic}` is resolved against the file of that name in the same folder.
    """
    return _read(path, nested=False)


def _read(path: Path, *, nested: bool) -> RulePack:
    def resolve(ctx: Ctx, other: str) -> BundleProfile:
        if nested:
            ctx.fail(f"points to {other!r} from a pack that is itself the target of same_as")
        target = path.parent / f"{other}.yaml"
        if not target.is_file():
            ctx.fail(f"no pack file {target.name!r} beside {path.name!r}")
        return _read(target, nested=True).bundle

    return parse_pack(_load_yaml(path), file=path.name, resolve_bundle=resolve)


def _load_yaml(path: Path) -> object:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise RulePackError(f"{path.name}: cannot read ({exc.strerror})") from exc
    try:
        return yaml.load(text, Loader=_StrictLoader)  # noqa: S506  # nosec B506  # a SafeLoader subclass
    except yaml.YAMLError as exc:
        raise RulePackError(f"{path.name}: not valid YAML: {_one_line(exc)}") from exc


def _one_line(exc: yaml.YAMLError) -> str:
    return " ".join(str(exc).split())


class _StrictLoader(_SafeBase):
    """A safe loader that refuses duplicate keys (plain YAML silently keeps the last one)."""


def _no_duplicates(loader: yaml.SafeLoader, node: yaml.MappingNode, deep: bool = False) -> Any:
    seen: set[object] = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r}", key_node.start_mark
            )
        seen.add(key)
    return loader.construct_mapping(node, deep=deep)


_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _no_duplicates)
