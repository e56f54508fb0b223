"""Reads for facts and the element matrix, always of a case obtained through `case_get_for_user`.

`claims_snapshot` reads a case's facts, their support and the cited country information once,
and lays them out by element of the case's rule pack: the rows of the matrix and what the gap
checks look at.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Literal

from django.db.models import Prefetch
from django.http import Http404
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from article3.cases.models import Case
from article3.chronology.models import Account
from article3.claims.models import Fact, Support
from article3.claims.sources import (
    LEVEL_RANK,
    SOURCE_CLASSES,
    SourceClass,
    SourceItem,
    citation_item,
    support_items,
)
from article3.coi.models import CoiCitation
from article3.evidence.models import MedicalFinding
from article3.rulepacks import Element, RulePack, load_pack

Level = Literal["none", "weak", "strong"]
Status = Literal["unsupported", "uncorroborated", "generic", "corroborated"]

STATUS_TEXT: dict[Status, str | Promise] = {
    "unsupported": _("No facts yet"),
    "uncorroborated": _("Only the applicant's own word"),
    "generic": _("Only general evidence, nothing about this applicant"),
    "corroborated": _("Corroborated"),
}
# Elements about this applicant in particular: general country evidence alone does not corroborate them.
PERSONAL_ELEMENTS = frozenset({"personal_risk"})


def level_of(count: int) -> Level:
    """The heat of a matrix cell: no source, one source (weak), two or more (stronger)."""
    return "none" if count == 0 else "weak" if count == 1 else "strong"


@dataclass(frozen=True)
class Cell:
    source_class: SourceClass
    items: tuple[SourceItem, ...]

    @property
    def count(self) -> int:
        return len(self.items)

    @property
    def level(self) -> Level:
        return level_of(self.count)


@dataclass(frozen=True)
class ElementRow:
    """One element of the pack: the facts linked to it and its sources, by kind of source."""

    element: Element
    facts: tuple[Fact, ...]
    citations: tuple[CoiCitation, ...]  # passages cited for this element directly
    cells: tuple[Cell, ...]
    contrary: tuple[SourceItem, ...] = ()  # medical findings "not consistent with" the events relied on

    @property
    def medical_levels(self) -> list[SourceItem]:
        """The supports that carry an Istanbul Protocol level, contrary evidence last."""
        return [*(item for item in self.items if item.level), *self.contrary]

    @property
    def items(self) -> list[SourceItem]:
        return [item for cell in self.cells for item in cell.items]

    @property
    def classes(self) -> set[str]:
        return {cell.source_class for cell in self.cells if cell.count}

    @property
    def total(self) -> int:
        return len(self.items)

    @property
    def independent(self) -> list[SourceItem]:
        """The sources other than the applicant's own word."""
        return [item for item in self.items if item.source_class != "applicant"]

    @property
    def status(self) -> Status:
        if not self.facts and not self.citations:
            return "unsupported"
        independent = self.independent
        if not independent:
            return "uncorroborated"
        if self.element.code in PERSONAL_ELEMENTS and all(item.generic for item in independent):
            return "generic"
        return "corroborated"

    @property
    def status_text(self) -> str | Promise:
        return STATUS_TEXT[self.status]

    def cell(self, source_class: str) -> Cell:
        return next(cell for cell in self.cells if cell.source_class == source_class)


@dataclass(frozen=True)
class ClaimsSnapshot:
    case: Case
    pack: RulePack
    facts: list[Fact]  # support prefetched, with its targets
    citations: list[CoiCitation]
    rows: list[ElementRow]  # the pack's applicable elements, in the pack's order
    items_by_support: dict[int, list[SourceItem]] = field(default_factory=dict)

    def row(self, code: str) -> ElementRow | None:
        return next((row for row in self.rows if row.element.code == code), None)

    @property
    def not_applicable(self) -> list[Element]:
        """The pack's elements that are not part of this forum's test, shown with the reason and its source."""
        return [element for element in self.pack.elements if not element.applicable]


def applicable_elements(pack: RulePack) -> list[Element]:
    return [element for element in pack.elements if element.applicable]


def fact_list(case: Case) -> list[Fact]:
    """The case's facts with everything their support points at, in a fixed number of queries."""
    # A withdrawn document supports nothing until restored (nor do the accounts and findings it holds).
    accounts = Account.objects.filter(document__withdrawn_at__isnull=True).select_related("document__translates")
    findings = MedicalFinding.objects.filter(document__withdrawn_at__isnull=True).select_related(
        "document__translates")
    support = Support.objects.filter(document__withdrawn_at__isnull=True).select_related(
        "document__translates", "coi_citation__report", "event"
    ).prefetch_related(Prefetch("event__accounts", queryset=accounts),
                       Prefetch("event__findings", queryset=findings), "document__findings")
    return list(case.facts.prefetch_related(Prefetch("support", queryset=support)).order_by("pk"))


def citation_list(case: Case) -> list[CoiCitation]:
    return list(case.coi_citations.select_related("report__superseded_by").order_by("pk"))


def claims_snapshot(*, case: Case) -> ClaimsSnapshot:
    """The case's facts by element, read afresh or as kept since the case last changed (article3/snapshots.py)."""
    from article3.snapshots import kept

    # The forum too: a caller may hold the case with a forum not saved yet (saved, it changes the token).
    snapshot = kept("claims", case, lambda: _read_snapshot(case), extra=(case.forum,))
    return snapshot if snapshot.case is case else replace(snapshot, case=case)


def _read_snapshot(case: Case) -> ClaimsSnapshot:
    pack = load_pack(case.forum)
    facts = fact_list(case)
    citations = citation_list(case)
    by_support = {s.pk: support_items(s) for fact in facts for s in fact.support.all()}
    rows = [_row(element, facts, citations, by_support) for element in applicable_elements(pack)]
    return ClaimsSnapshot(case=case, pack=pack, facts=facts, citations=citations, rows=rows,
                          items_by_support=by_support)


def _row(element: Element, facts: list[Fact], citations: list[CoiCitation],
         by_support: dict[int, list[SourceItem]]) -> ElementRow:
    linked = tuple(fact for fact in facts if element.code in fact.elements)
    cited = tuple(c for c in citations if element.code in (c.elements or []))
    items = [item for fact in linked for s in fact.support.all() for item in by_support[s.pk]]
    items += [citation_item(c) for c in cited]
    contrary = {item.finding: item for item in items if item.contrary}
    return ElementRow(element=element, facts=linked, citations=cited,
                      cells=_cells(item for item in items if not item.contrary),
                      contrary=tuple(contrary.values()))


def _cells(items: Iterable[SourceItem]) -> tuple[Cell, ...]:
    """One cell per kind of source; a source met twice counts once, with its strongest medical level."""
    unique: dict[tuple[str, str], SourceItem] = {}
    for item in items:
        known = unique.get((item.source_class, item.key))
        if known is None or LEVEL_RANK.get(item.level, 0) > LEVEL_RANK.get(known.level, 0):
            unique[(item.source_class, item.key)] = item
    return tuple(
        Cell(code, tuple(item for item in unique.values() if item.source_class == code))
        for code, _, _ in SOURCE_CLASSES
    )


def fact_get(*, case: Case, key: str) -> Fact:
    """A fact of a case the caller already obtained through the access selector; else 404."""
    fact = case.facts.filter(key=key).first()
    if fact is None:
        raise Http404
    return fact


def support_get(*, fact: Fact, support_id: int) -> Support:
    support = fact.support.filter(pk=support_id).first()
    if support is None:
        raise Http404
    return support


@dataclass(frozen=True)
class SourceEntry:
    item: SourceItem
    facts: tuple[str, ...]  # keys of the facts that rest on it; empty for a passage cited for the element


@dataclass(frozen=True)
class ClassSources:
    code: str
    label: str | Promise
    hint: str | Promise
    entries: tuple[SourceEntry, ...]


def element_sources(snapshot: ClaimsSnapshot, row: ElementRow) -> list[ClassSources]:
    """What is behind each cell of an element's row: the sources of each kind and the facts using them."""
    facts_of: dict[tuple[str, str], list[str]] = {}
    for fact in row.facts:
        for support in fact.support.all():
            for item in snapshot.items_by_support[support.pk]:
                keys = facts_of.setdefault((item.source_class, item.key), [])
                if fact.key not in keys:
                    keys.append(fact.key)
    return [
        ClassSources(code, label, hint, tuple(
            SourceEntry(item, tuple(facts_of.get((code, item.key), ()))) for item in row.cell(code).items))
        for code, label, hint in SOURCE_CLASSES
    ]
