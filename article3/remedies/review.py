"""From a denial to a remedy: what the record held against each adverse finding, and what the grounds of
appeal or judicial review rest on (the open appeal and review deadlines, the forum's standard of review).

Reads over a case the caller reached through the access selectors."""

from __future__ import annotations

from dataclasses import dataclass

from article3.bundles.engine.model import PageMap
from article3.cases.models import Case
from article3.claims.models import Fact
from article3.coi.models import CoiCitation
from article3.deadlines.models import Deadline
from article3.deadlines.options import option_kind
from article3.docs.builders.cites import cite_coi, cite_document, cite_fact_support, latest_build, page_map
from article3.remedies.models import AdverseFinding
from article3.rulepacks import Statement, load_pack

REVIEW_KINDS = ("appeal", "judicial_review")


@dataclass(frozen=True)
class Held:
    """One piece of the record: the words and where to find them (bundle pages when built)."""

    text: str
    cite: str


@dataclass(frozen=True)
class Answered:
    finding: AdverseFinding
    where: str  # the decision's page and paragraph, as the grounds cite them
    element_label: str
    facts: list[Held]
    exhibits: list[Held]
    coi: list[Held]

    @property
    def ignored_nothing(self) -> bool:
        return not (self.facts or self.exhibits or self.coi)


def decision_cite(finding: AdverseFinding, pmap: PageMap | None) -> str:
    pages = [finding.page] if finding.page else []
    return cite_document(finding.decision, pages, pmap, paragraph=finding.paragraph)


def _element_label(case: Case, code: str) -> str:
    found = next((e for e in load_pack(case.forum).elements if e.code == code), None)
    return found.label if found else ""


def record_against(*, findings: list[AdverseFinding], case: Case) -> list[Answered]:
    """Each finding with the facts, exhibits and country information linked to its element."""
    pmap = page_map(latest_build(case))
    facts = list(Fact.objects.filter(case=case).prefetch_related(
        "support__document", "support__event__accounts__document", "support__coi_citation__report"))
    citations = list(CoiCitation.objects.filter(case=case).select_related("report"))
    answered = []
    for finding in findings:
        linked = [f for f in facts if finding.element and finding.element in (f.elements or [])]
        exhibits: dict[str, Held] = {}
        for fact in linked:
            for support in fact.support.all():
                if support.document is not None and support.document.pk != finding.decision_id:
                    cite = cite_fact_support([support], pmap)
                    exhibits.setdefault(cite, Held(support.document.label, cite))
        coi = [Held(c.quote, cite_coi(c)) for c in citations if finding.element in (c.elements or [])]
        answered.append(Answered(
            finding=finding, where=decision_cite(finding, pmap), element_label=_element_label(case, finding.element),
            facts=[Held(f.text, cite_fact_support(f.support.all(), pmap)) for f in linked],
            exhibits=list(exhibits.values()), coi=coi))
    return answered


def review_deadlines(case: Case) -> list[Deadline]:
    """The case's open deadlines for an appeal or judicial review, soonest first (computed by the engine)."""
    open_rows = Deadline.objects.filter(case=case, done_at__isnull=True).order_by("due", "pk")
    return [d for d in open_rows if option_kind(d.rule).code in REVIEW_KINDS]


def review_standard(case: Case) -> Statement | None:
    return load_pack(case.forum).review
