"""Changed country conditions for a motion to reopen: the country information cited in the case that was
published after the hearing, so could not have been in the record then, grouped by element, each with
the publication date that proves it. A report dated only by month or year counts from the first day of
that month or year: if that day is not after the hearing, it might have been available, and is left out."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from article3.cases.models import Case
from article3.coi.models import CoiCitation
from article3.deadlines.options import changed_conditions_rules
from article3.docs.builders.cites import cite_coi
from article3.rulepacks import DeadlineRule, load_pack


@dataclass(frozen=True)
class NewPassage:
    citation: CoiCitation
    quote: str
    cite: str
    published: str


@dataclass
class ChangedConditions:
    hearing_date: datetime.date | None
    groups: list[tuple[str, list[NewPassage]]] = field(default_factory=list)
    left_out: int = 0  # cited passages published on or before the hearing
    rules: list[DeadlineRule] = field(default_factory=list)

    @property
    def count(self) -> int:
        return sum(len(items) for _, items in self.groups)


def published_after(citation: CoiCitation, day: datetime.date) -> bool:
    published = citation.report.date
    return published is not None and published > day


def changed_conditions(*, case: Case) -> ChangedConditions:
    found = ChangedConditions(hearing_date=case.hearing_date, rules=changed_conditions_rules(case.forum))
    if case.hearing_date is None:
        return found
    citations = list(CoiCitation.objects.filter(case=case).select_related("report").order_by("pk"))
    new = [c for c in citations if published_after(c, case.hearing_date)]
    found.left_out = len(citations) - len(new)
    labels = {e.code: e.label for e in load_pack(case.forum).elements}
    by_element: dict[str, list[NewPassage]] = {}
    for citation in sorted(new, key=lambda c: (c.report.date, c.pk)):
        item = NewPassage(citation, citation.quote, cite_coi(citation), citation.report.date_label)
        for code in citation.elements or [""]:
            by_element.setdefault(labels.get(code, "Not linked to an element yet"), []).append(item)
    found.groups = sorted(by_element.items())
    return found
