"""Reads of the library, scoped to the user's organisations; citations and alerts of a case.

Who sees the library: members of the organisation in a working role (admin, attorney, paralegal,
viewer). Interpreters and experts, who see only what they are given, do not. Everything else
answers 404, as for cases.
"""

from __future__ import annotations

import calendar
import datetime
import re
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_noop

from article3.accounts.models import EDITING_ROLES, Membership, Organisation, Role
from article3.accounts.selectors import user_id
from article3.cases.models import Case, Stage
from article3.coi import search
from article3.coi.models import CoiAlert, CoiCitation, CoiSource, DatePrecision, Passage, Report
from article3.words import Words

User = AbstractBaseUser | AnonymousUser
LIBRARY_ROLES = frozenset({Role.ADMIN, Role.ATTORNEY, Role.PARALEGAL, Role.VIEWER})
RECENTLY_CLOSED_DAYS = 90


def library_organisation_ids(*, user: User | str, organisation: Organisation | None = None) -> list[int]:
    """Organisations whose library the user reads. A str is the operator at the command line,
    who acts for the organisation named."""
    if isinstance(user, str):
        return [organisation.pk] if organisation is not None else []
    memberships = Membership.objects.filter(user_id=user_id(user), role__in=LIBRARY_ROLES)
    if organisation is not None:
        memberships = memberships.filter(organisation=organisation)
    return list(memberships.values_list("organisation_id", flat=True))


def library_editor(*, user: User, organisation_id: int) -> bool:
    return Membership.objects.filter(
        user_id=user_id(user), organisation_id=organisation_id, role__in=EDITING_ROLES
    ).exists()


def library_admin(*, user: User, organisation_id: int) -> bool:
    return Membership.objects.filter(user_id=user_id(user), organisation_id=organisation_id, role=Role.ADMIN).exists()


def report_list_for_user(*, user: User) -> QuerySet[Report]:
    return Report.objects.filter(organisation_id__in=library_organisation_ids(user=user))


def report_get_for_user(*, user: User, report_id: int | str) -> Report:
    try:
        return report_list_for_user(user=user).select_related("superseded_by", "series").get(pk=int(report_id))
    except (Report.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def passage_get_for_case(*, case: Case, passage_id: int | str) -> Passage:
    """A passage of the case organisation's library (the case was loaded through its access selector)."""
    try:
        return Passage.objects.select_related("report").get(
            pk=int(passage_id), report__organisation_id=case.organisation_id
        )
    except (Passage.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def sources_for_user(*, user: User) -> QuerySet[CoiSource]:
    return CoiSource.objects.filter(organisation_id__in=library_organisation_ids(user=user))


# Search


@dataclass(frozen=True)
class SearchResult:
    passage: Passage
    score: float
    snippet: str  # HTML: escaped text, matched words in <mark>
    partial: bool = False  # only some of the query's words are in it

    def as_json(self) -> dict[str, Any]:
        report = self.passage.report
        return {
            "passage_id": self.passage.pk,
            "report": {"id": report.pk, "title": report.title, "publisher": report.publisher,
                       "date": report.date_iso or None, "url": report.url,
                       "superseded": report.superseded},
            "page": self.passage.page,
            "paragraph": self.passage.paragraph,
            "heading": self.passage.heading,
            "text": self.passage.text,
            "snippet": self.snippet,
            "score": self.score,
            "partial": self.partial,
        }


def parse_publication_date(text: str) -> tuple[datetime.date | None, str]:
    """YYYY, YYYY-MM or YYYY-MM-DD: the first day it can be and how precise it is ("year", "month", "day").

    (None, "day") for empty text; ValueError for anything else. Annual reports are cited by their year."""
    text = text.strip()
    if not text:
        return None, DatePrecision.DAY
    if re.fullmatch(r"\d{4}", text):
        return datetime.date(int(text), 1, 1), DatePrecision.YEAR
    if re.fullmatch(r"\d{4}-\d{2}", text):
        return datetime.date.fromisoformat(text + "-01"), DatePrecision.MONTH
    return datetime.date.fromisoformat(text), DatePrecision.DAY


def parse_since(text: str) -> datetime.date | None:
    """YYYY (1 January), YYYY-MM (the first of that month) or YYYY-MM-DD; None for empty; ValueError otherwise."""
    return parse_publication_date(text)[0]


def passage_search(
    *,
    user: User | str,
    query: str,
    country: str = "",
    since: datetime.date | None = None,
    limit: int = 20,
    organisation: Organisation | None = None,
    current_only: bool = False,
    mode: str = "keyword",
) -> list[SearchResult]:
    """Passages matching the query in the user's libraries, best first.

    mode: "keyword" (full text), "semantic" (nearest in meaning), "hybrid" (both, fused by
    reciprocal rank). Without the semantic extra installed, every mode is a keyword search.
    """
    filters = search.Filters(
        organisation_ids=library_organisation_ids(user=user, organisation=organisation),
        country=country.strip().upper(), since=since, current_only=current_only,
    )
    limit = max(1, min(int(limit), 200))
    from article3.coi import semantic

    if mode == "keyword" or not semantic.available():
        hits = search.keyword_hits(query=query, filters=filters, limit=limit)
    elif mode == "semantic":
        hits = semantic.semantic_hits(query=query, filters=filters, limit=limit)
    else:
        hits = semantic.hybrid_hits(query=query, filters=filters, limit=limit)
    return _results(hits)


def _results(hits: list[search.Hit]) -> list[SearchResult]:
    passages = (Passage.objects.select_related("report").defer("embedding", "search_vector")
                .in_bulk([h.passage_id for h in hits]))
    return [
        SearchResult(passage=passages[h.passage_id], score=h.score, snippet=search.snippet_html(h.snippet),
                     partial=h.partial)
        for h in hits if h.passage_id in passages
    ]


# Citations and their currency


@dataclass(frozen=True)
class Flag:
    code: str  # superseded, outdated, undated
    message: str
    words: Words | None = field(default=None, compare=False)  # the message's words, for a bundle warning kept

    @classmethod
    def worded(cls, code: str, words: Words) -> Flag:
        return cls(code, words.text(), words)


@dataclass(frozen=True)
class CitationRow:
    citation: CoiCitation
    flags: list[Flag]


def months_before(day: datetime.date, months: int) -> datetime.date:
    year, month0 = divmod(day.month - 1 - months, 12)
    year += day.year
    return day.replace(year=year, month=month0 + 1, day=min(day.day, calendar.monthrange(year, month0 + 1)[1]))


def currency_months(case: Case) -> int | None:
    """How old country information may be at the hearing, from the case's rule pack."""
    from article3.rulepacks import RulePackError, load_pack

    try:
        return load_pack(case.forum).currency_months("country_information")
    except (RulePackError, KeyError):
        return None


def citation_flags(*, citation: CoiCitation, case: Case, today: datetime.date | None = None) -> list[Flag]:
    report = citation.report
    flags: list[Flag] = []
    if report.superseded_by is not None:
        newer = report.superseded_by
        said = (gettext_noop("Superseded by a newer edition: %(title)s (%(date)s).") if newer.date
                else gettext_noop("Superseded by a newer edition: %(title)s."))
        flags.append(Flag.worded("superseded", Words(said, {"title": newer.title, "date": newer.date_label})))
    months = currency_months(case)
    if report.date is None:
        flags.append(Flag.worded("undated", Words(gettext_noop("The report has no date: check that it is still "
                                                               "current."))))
    elif months is not None:
        reference = case.hearing_date or today or timezone.localdate()
        latest = report.date_latest
        if latest is not None and latest < months_before(reference, months):
            said = (gettext_noop("Older than %(months)s months at the hearing date: published %(date)s.")
                    if case.hearing_date else
                    gettext_noop("Older than %(months)s months today (no hearing date set): published %(date)s."))
            flags.append(Flag.worded("outdated", Words(said, {"months": months, "date": report.date_label})))
    return flags


def citations_for_case(*, case: Case, today: datetime.date | None = None) -> list[CitationRow]:
    citations = case.coi_citations.select_related("report__superseded_by", "passage")
    return [CitationRow(c, citation_flags(citation=c, case=case, today=today)) for c in citations]


# Alerts


def alerts_for_case(case: Case, *, include_dismissed: bool = False) -> QuerySet[CoiAlert]:
    """New country information matched to this case (open alerts unless asked otherwise).

    The case must have been loaded through the case access selector.
    """
    alerts = case.coi_alerts.select_related("report", "passage")
    return alerts if include_dismissed else alerts.filter(dismissed_at__isnull=True)


def alerts_for_user(*, user: User, limit: int = 20) -> QuerySet[CoiAlert]:
    """Open alerts on the cases the user can see, newest first, for the dashboard."""
    from article3.cases.selectors import case_list_for_user

    return (
        CoiAlert.objects.filter(case__in=case_list_for_user(user=user), dismissed_at__isnull=True)
        .select_related("case", "report", "passage").order_by("-created_at", "-pk")[:limit]
    )


def cases_watching(
    *, organisation_id: int, countries: list[str], now: datetime.datetime | None = None
) -> QuerySet[Case]:
    """Open and recently closed cases of the organisation whose country of return is among `countries`."""
    recent = (now or timezone.now()) - datetime.timedelta(days=RECENTLY_CLOSED_DAYS)
    return Case.objects.filter(organisation_id=organisation_id, country_of_return__in=countries).filter(
        ~Q(stage=Stage.CLOSED) | Q(closed_at__gte=recent)
    )
