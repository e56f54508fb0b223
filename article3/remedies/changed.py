"""Changed country conditions for a motion to reopen: the country information cited in the case that was
published after the hearing, so could not have been in the record then, grouped by element, each with
the publication date that proves it. A report dated only by month or year counts from the first day of
that month or year: if that day is not after the hearing, it might have been available, and is left out.

Beside them, the passages to read before filing: reports of the library on the country of return,
published after the hearing and not cited in the case yet, that the case's alerts matched or that a
search for its risk terms finds."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from article3.cases.models import Case
from article3.coi.alerts import risk_terms
from article3.coi.models import CoiAlert, CoiCitation, Passage, Report
from article3.coi.search import Filters, keyword_hits
from article3.deadlines.options import changed_conditions_rules
from article3.docs.builders.cites import cite_coi
from article3.rulepacks import DeadlineRule, load_pack


@dataclass(frozen=True)
class NewPassage:
    citation: CoiCitation
    quote: str
    cite: str
    published: str


@dataclass(frozen=True)
class ToRead:
    """A passage published after the hearing that the case does not cite yet."""

    passage: Passage
    published: str
    found_by: str  # how it was found, in words


@dataclass
class ChangedConditions:
    hearing_date: datetime.date | None
    groups: list[tuple[str, list[NewPassage]]] = field(default_factory=list)
    left_out: int = 0  # cited passages published on or before the hearing
    rules: list[DeadlineRule] = field(default_factory=list)
    to_read: list[ToRead] = field(default_factory=list)

    @property
    def count(self) -> int:
        return sum(len(items) for _, items in self.groups)


def published_after(report: Report, day: datetime.date) -> bool:
    return report.date is not None and report.date > day


def changed_conditions(*, case: Case) -> ChangedConditions:
    found = ChangedConditions(hearing_date=case.hearing_date, rules=changed_conditions_rules(case.forum))
    if case.hearing_date is None:
        return found
    citations = list(CoiCitation.objects.filter(case=case).select_related("report").order_by("pk"))
    new = [c for c in citations if published_after(c.report, case.hearing_date)]
    found.left_out = len(citations) - len(new)
    labels = {e.code: e.label for e in load_pack(case.forum).elements}
    by_element: dict[str, list[NewPassage]] = {}
    for citation in sorted(new, key=lambda c: (c.report.date, c.pk)):
        item = NewPassage(citation, citation.quote, cite_coi(citation), citation.report.date_label)
        for code in citation.elements or [""]:
            by_element.setdefault(labels.get(code, _("Not linked to an element yet")), []).append(item)
    found.groups = sorted(by_element.items())
    found.to_read = uncited_after(case=case, day=case.hearing_date, cited={c.passage_id for c in citations})
    return found


TO_READ = 20


def uncited_after(*, case: Case, day: datetime.date, cited: set[int | None]) -> list[ToRead]:
    """Passages of the library on the case's country, published after `day`, that the case does not cite:
    those its open alerts matched first, then those a search for its risk terms finds (at most TO_READ)."""
    found: dict[int, ToRead] = {}
    alerts = (CoiAlert.objects.filter(case=case, dismissed_at__isnull=True, passage__isnull=False,
                                      report__date__gt=day)
              .select_related("passage__report").order_by("-report__date", "pk"))
    for alert in alerts:
        passage = alert.passage
        if passage is not None and passage.pk not in cited:
            found.setdefault(passage.pk, ToRead(passage, passage.report.date_label,
                                                _("a country-information alert on this case")))
    terms = risk_terms(case)
    if terms and len(found) < TO_READ:
        filters = Filters(organisation_ids=[case.organisation_id], country=case.country_of_return,
                          since=day + datetime.timedelta(days=1))
        hits = keyword_hits(query=" ".join(terms), filters=filters, limit=TO_READ)
        passages = Passage.objects.select_related("report").in_bulk([h.passage_id for h in hits])
        for hit in hits:
            passage = passages.get(hit.passage_id)
            if passage is not None and passage.pk not in cited and published_after(passage.report, day):
                found.setdefault(passage.pk, ToRead(passage, passage.report.date_label,
                                                    _("a search for the words this case watches for")))
    return list(found.values())[:TO_READ]
