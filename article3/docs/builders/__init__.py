"""One builder per kind of document: `build` makes the template context, `sources` fingerprints what
the document rests on (compared later to mark it stale)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from article3.cases.models import Case
from article3.docs.builders import (
    brief,
    certificates,
    changed,
    declaration,
    exhibits,
    grounds,
    hearing,
    international,
    urgent,
)
from article3.docs.builders.common import Built


@dataclass(frozen=True)
class Builder:
    build: Callable[[Case, dict[str, Any]], Built]
    sources: Callable[[Case, dict[str, Any]], dict[str, Any]]


BUILDERS: dict[str, Builder] = {
    "declaration": Builder(declaration.build, declaration.sources),
    "exhibit_list": Builder(exhibits.build, exhibits.sources),
    "translation_certificate": Builder(certificates.build_translation, certificates.translation_sources),
    "service_certificate": Builder(certificates.build_service, certificates.service_sources),
    "brief": Builder(brief.build, brief.sources),
    "un_cat_communication": Builder(international.build_un_cat, international.sources),
    "rule39_request": Builder(international.build_rule39, international.sources),
    "hearing_outline": Builder(hearing.build_outline, hearing.outline_sources),
    "cross_examination": Builder(hearing.build_cross, hearing.cross_sources),
    "stay_motion": Builder(urgent.build, international.sources),
    "appeal_grounds": Builder(grounds.build, grounds.sources),
    "changed_conditions": Builder(changed.build, changed.sources),
}
