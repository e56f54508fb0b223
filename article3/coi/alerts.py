"""Match new country information to the cases it may bear on: same country of return, and a
passage naming one of the case's risk terms ("arrest" also finds "arrested", "arrests")."""

from __future__ import annotations

import re

from django.db import transaction

from article3.audit.services import Actor, audit_record
from article3.cases.models import Case
from article3.coi.models import CoiAlert, Passage, Report
from article3.coi.selectors import cases_watching


def risk_terms(case: Case) -> list[str]:
    return [t.strip() for t in case.risk_terms.split(",") if t.strip()]


def _term_pattern(term: str) -> re.Pattern[str]:
    return re.compile(rf"\b{re.escape(term)}\w*", re.IGNORECASE)


def best_passage(passages: list[Passage], terms: list[str]) -> tuple[Passage | None, list[str]]:
    """The passage naming the most distinct risk terms, and those terms (as the case spells them)."""
    if not terms:
        return (passages[0] if passages else None), []
    patterns = [(term, _term_pattern(term)) for term in terms]
    best: tuple[int, Passage | None, list[str]] = (0, None, [])
    for passage in passages:
        found = [term for term, pattern in patterns if pattern.search(passage.text) or pattern.search(passage.heading)]
        if len(found) > best[0]:
            best = (len(found), passage, found)
    return best[1], best[2]


@transaction.atomic
def report_match_cases(*, actor: Actor, report: Report) -> list[CoiAlert]:
    """Raise an alert on every watching case the report bears on; a case without risk terms is
    matched by country alone. Returns the alerts created now (never twice for one report)."""
    countries = list(report.countries.values_list("code", flat=True))
    passages = list(report.passages.order_by("paragraph").defer("embedding", "search_vector"))
    created: list[CoiAlert] = []
    for case in cases_watching(organisation_id=report.organisation_id, countries=countries):
        terms = risk_terms(case)
        passage, found = best_passage(passages, terms)
        if passage is None:
            continue
        alert, new = CoiAlert.objects.get_or_create(case=case, report=report,
                                                    defaults={"passage": passage, "terms": found})
        if new:
            audit_record(actor=actor, action="coi.alert.created", obj=alert, organisation_id=case.organisation_id,
                         case_id=case.pk, detail={"report_id": report.pk, "terms": len(found)})
            created.append(alert)
    return created
