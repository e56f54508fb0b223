"""Match new country information to the cases it may bear on: same country of return, and a
passage naming one of the case's risk terms in any of its word forms ("arrest" also finds
"arrested" and "arrests", but "art" does not find "article").

Word forms come from the full-text index the library search uses (FTS5's porter stemmer on
SQLite, the English configuration on PostgreSQL), so an alert and a search agree on what a
passage says. Every report added to the library is matched: feed items, and reports imported
by hand on the web or from the command line.
"""

from __future__ import annotations

from django.db import connection, transaction

from article3.audit.services import Actor, audit_record
from article3.cases.models import Case
from article3.coi import search
from article3.coi.models import CoiAlert, Passage, Report
from article3.coi.selectors import cases_watching


def risk_terms(case: Case) -> list[str]:
    return [t.strip() for t in case.risk_terms.split(",") if t.strip()]


def passages_naming(report: Report, term: str) -> set[int]:
    """The ids of the report's passages (text or heading) that name the term in any word form."""
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery

        query = SearchQuery(term, search_type="phrase", config=search.PG_CONFIG)
        return set(report.passages.filter(search_vector=query).values_list("pk", flat=True))
    match = search.fts5_query('"' + term.replace('"', " ") + '"')  # the term's words as one phrase, never a prefix
    if not match:
        return set()
    with connection.cursor() as cursor:
        cursor.execute(
            # The table name is a constant of ours; the term and the report travel as parameters.
            f"SELECT rowid FROM {search.FTS_TABLE} WHERE {search.FTS_TABLE} MATCH %s "  # noqa: S608 # nosec B608
            "AND rowid IN (SELECT id FROM coi_passage WHERE report_id = %s)", [match, report.pk])
        return {row[0] for row in cursor.fetchall()}


class TermIndex:
    """Which passages of one report name each term, looked up once per term however many cases ask."""

    def __init__(self, report: Report) -> None:
        self.report = report
        self._found: dict[str, set[int]] = {}

    def passages(self, term: str) -> set[int]:
        key = term.casefold()
        if key not in self._found:
            self._found[key] = passages_naming(self.report, term)
        return self._found[key]


def best_passage(passages: list[Passage], terms: list[str], index: TermIndex) -> tuple[Passage | None, list[str]]:
    """The passage naming the most distinct risk terms, and those terms (as the case spells them)."""
    if not terms:
        return (passages[0] if passages else None), []
    best: tuple[int, Passage | None, list[str]] = (0, None, [])
    for passage in passages:
        found = [term for term in terms if passage.pk in index.passages(term)]
        if len(found) > best[0]:
            best = (len(found), passage, found)
    return best[1], best[2]


@transaction.atomic
def report_match_cases(*, actor: Actor, report: Report) -> list[CoiAlert]:
    """Raise an alert on every watching case the report bears on; a case without risk terms is
    matched by country alone. Returns the alerts created now (never twice for one report)."""
    countries = list(report.countries.values_list("code", flat=True))
    passages = list(report.passages.order_by("paragraph").defer("embedding", "search_vector"))
    index = TermIndex(report)
    created: list[CoiAlert] = []
    for case in cases_watching(organisation_id=report.organisation_id, countries=countries):
        terms = risk_terms(case)
        passage, found = best_passage(passages, terms, index)
        if passage is None:
            continue
        alert, new = CoiAlert.objects.get_or_create(case=case, report=report,
                                                    defaults={"passage": passage, "terms": found})
        if new:
            audit_record(actor=actor, action="coi.alert.created", obj=alert, organisation_id=case.organisation_id,
                         case_id=case.pk, detail={"report_id": report.pk, "terms": len(found)})
            created.append(alert)
    return created
