"""A big case, made quickly: documents with page texts, events with accounts, date conflicts, facts
with their support, and cited country information.

Rows go in with `bulk_create` (encrypted fields encrypt as they would through the services), so a
case of 500 documents and 10,000 pages takes seconds. The query-count tests seed a few rows, then
twice as many, and compare; `benchmarks/load.py` seeds the full size and measures the pages.
"""

from __future__ import annotations

import datetime
import hashlib
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the models are imported where used: benchmarks/load.py reads CASE_PAGES before Django starts
    from article3.cases.models import Case
    from article3.coi.models import CoiCitation

KINDS = ("declaration", "medical", "witness_statement", "country_information", "identity", "threat")
# Every page of a case that lists its records, by URL name (each takes the case id only).
CASE_PAGES = (
    "case_detail", "case_people", "case_intake", "case_safety_plan", "case_team", "case_audit",
    "case_chronology", "evidence", "evidence_status", "bundles", "case_docs", "case_elements", "case_gaps",
    "case_questions", "case_coi", "deadlines_case", "case_chronology_extract",
)
ELEMENTS = ("past_torture", "official_involvement", "country_conditions", "internal_relocation")


@dataclass(frozen=True)
class Size:
    documents: int = 500
    pages: int = 20  # per document
    events: int = 1000
    facts: int = 300
    conflicts: int = 50  # events whose two accounts disagree on the date (part of `events`)
    citations: int = 100

    def times(self, factor: int) -> Size:
        return Size(documents=self.documents * factor, pages=self.pages, events=self.events * factor,
                    facts=self.facts * factor, conflicts=self.conflicts * factor,
                    citations=self.citations * factor)


def seed(case: Case, size: Size, *, prefix: str = "s") -> None:
    """Add `size` worth of rows to `case`; keys start with `prefix` so a case can be seeded twice."""
    from django.db import transaction

    with transaction.atomic():
        _seed(case, size, prefix)


def _seed(case: Case, size: Size, prefix: str) -> None:
    from article3.chronology.models import Account, Event
    from article3.claims.models import Fact, Support
    from article3.evidence.models import Document, DocumentPage

    Document.objects.bulk_create([
        Document(case=case, key=f"{prefix}d{n}", kind=KINDS[n % len(KINDS)], title=f"Exhibit {prefix}{n}",
                 date=f"20{10 + n % 15}-0{1 + n % 9}-1{n % 10}", language="en", pages=size.pages,
                 status="ready", original_type="pdf", original_size=50_000,
                 original_sha256=_sha(f"{case.pk}{prefix}o{n}"), derived_sha256=_sha(f"{case.pk}{prefix}p{n}"))
        for n in range(size.documents)])
    documents = list(Document.objects.filter(case=case, key__startswith=f"{prefix}d").order_by("pk"))
    DocumentPage.objects.bulk_create([
        DocumentPage(document=d, number=p, text=f"On 14 March 2019 the gendarmes came back (page {p}).")
        for d in documents for p in range(1, size.pages + 1)], batch_size=2000)
    Event.objects.bulk_create([
        Event(case=case, key=f"{prefix}e{n}", kind=("harm", "threat", "detention")[n % 3],
              title=f"Event {n}", date=f"{2000 + n % 25}-{1 + n % 12:02d}-{1 + n % 28:02d}", place="Bamenda",
              in_home_country=True)
        for n in range(size.events)])
    events = list(Event.objects.filter(case=case, key__startswith=f"{prefix}e").order_by("pk"))
    accounts = [Account(event=e, document=documents[n % len(documents)] if documents else None, page=1,
                        paragraph=n % 30 + 1, interview="First interview", date=e.date)
                for n, e in enumerate(events)]
    # A second source a year off for the first `conflicts` events: one date conflict each.
    accounts += [Account(event=e, interview="Second interview", date=f"{int(e.date[:4]) + 1}{e.date[4:]}")
                 for e in events[:size.conflicts]]
    Account.objects.bulk_create(accounts, batch_size=2000)
    citations = _citations(case, size.citations, prefix)
    Fact.objects.bulk_create([
        Fact(case=case, key=f"{prefix}f{n}", text=f"The applicant was held for {n % 9 + 1} days.",
             elements=[ELEMENTS[n % len(ELEMENTS)]])
        for n in range(size.facts)])
    facts = Fact.objects.filter(case=case, key__startswith=f"{prefix}f").order_by("pk")
    supports = []
    for n, fact in enumerate(facts):
        supports.append(Support(fact=fact, kind="event", event=events[n % len(events)]))
        if documents:
            supports.append(Support(fact=fact, kind="document", document=documents[n % len(documents)],
                                    pages="1-2"))
        if citations:
            supports.append(Support(fact=fact, kind="coi_citation", coi_citation=citations[n % len(citations)]))
    Support.objects.bulk_create(supports, batch_size=2000)


def answer_conflicts(case: Case, share: int = 2) -> None:
    """Answer one conflict in `share` (as a lawyer explaining the dates would)."""
    from article3.chronology.conflicts import conflicts
    from article3.chronology.models import ConflictNote
    from article3.chronology.selectors import chronology_snapshot

    found = conflicts(chronology_snapshot(case=case))
    ConflictNote.objects.bulk_create([
        ConflictNote(case=case, conflict_id=c.id, status="explained", note="The interpreter misheard the year.")
        for c in found[::share] if c.note is None])


def _citations(case: Case, count: int, prefix: str) -> list[CoiCitation]:
    from article3.coi.models import CoiCitation, Passage, Report

    if not count:
        return []
    digest = _sha(f"{case.pk}:{prefix}:report")
    report = Report.objects.create(
        organisation=case.organisation, title=f"Country report {prefix}", publisher="Rights Monitor",
        date=datetime.date(2026, 6, 1), sha256=digest, text_sha256=digest, file_type="txt", imported_by="seed")
    Passage.objects.bulk_create([
        Passage(report=report, paragraph=n + 1, page=n // 5 + 1, heading="2. Detention > 2.1 Custody",
                text=f"Torture in gendarmerie custody remained widespread ({n}).")
        for n in range(count)])
    passages = list(report.passages.order_by("paragraph"))
    CoiCitation.objects.bulk_create([
        CoiCitation(case=case, key=f"{prefix}c{n}", passage=p, report=report, quote=p.text, page=p.page,
                    paragraph=p.paragraph, heading=p.heading, elements=[ELEMENTS[n % len(ELEMENTS)]],
                    created_by="seed")
        for n, p in enumerate(passages)])
    return list(CoiCitation.objects.filter(case=case, key__startswith=f"{prefix}c").order_by("pk"))


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()
