"""The dashboard's list of cases: names and places in words, the next deadline, the high findings,
with search, sort and a stage filter, read in a fixed number of queries whatever the number of cases.

Names are encrypted, so searching and sorting happen here rather than in the database.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Min, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy

from article3.accounts.selectors import user_id
from article3.cases.models import Case, CaseMember, Stage
from article3.cases.selectors import NEED_TO_KNOW_ROLES, User, case_list_for_user
from article3.docs.builders.common import country_name, forum_name

SORTS = {
    "deadline": gettext_lazy("Next deadline"),
    "reference": gettext_lazy("Reference"),
    "client": gettext_lazy("Client"),
    "high": gettext_lazy("High findings"),
    "stage": gettext_lazy("Stage"),
}
STAGE_ORDER = {value: n for n, value in enumerate(Stage.values)}


@dataclass(frozen=True)
class Filters:
    search: str = ""
    stage: str = ""
    sort: str = "deadline"
    closed: bool = False

    @classmethod
    def from_query(cls, query: dict[str, str]) -> "Filters":
        stage = query.get("stage", "")
        sort = query.get("sort", "")
        return cls(search=query.get("q", "").strip()[:100], stage=stage if stage in Stage.values else "",
                   sort=sort if sort in SORTS else "deadline", closed=query.get("closed") == "1")


@dataclass(frozen=True)
class Row:
    case: Case
    client: str
    forum: str
    country: str
    next_due: datetime.date | None
    high_findings: int | None  # None: not checked yet, or not for this person to see
    checked_at: datetime.datetime | None
    shared_only: bool = False  # an interpreter's or expert's case: what is shared, not the analysis

    @property
    def days_left(self) -> int | None:
        return None if self.next_due is None else (self.next_due - timezone.localdate()).days


def dashboard_rows(*, user: User, filters: Filters) -> list[Row]:
    my_role = CaseMember.objects.filter(case=OuterRef("pk"), user_id=user_id(user)).values("role")[:1]
    cases = (case_list_for_user(user=user, shared=True)
             .select_related("applicant", "last_check")
             .annotate(next_due=Min("deadlines__due", filter=Q(deadlines__done_at__isnull=True)),
                       my_role=Subquery(my_role)))
    if filters.stage:
        cases = cases.filter(stage=filters.stage)
    elif not filters.closed:
        cases = cases.exclude(stage=Stage.CLOSED)
    rows = [_row(case) for case in cases]
    rows = [row for row in rows if _matches(row, filters.search)]
    return sorted(rows, key=_sort_key(filters.sort))


def _row(case: Case) -> Row:
    applicant = getattr(case, "applicant", None)
    # Interpreters and experts see what is shared with them, not the case's analysis.
    shared_only = case.my_role in NEED_TO_KNOW_ROLES  # type: ignore[attr-defined]
    check = None if shared_only else getattr(case, "last_check", None)
    # Need-to-know: an interpreter or expert sees the reference, not the client.
    client = "" if applicant is None or shared_only else str(applicant.name)
    return Row(case=case, client=client,
               forum=str(forum_name(case.forum)), country=str(country_name(case.country_of_return)),
               next_due=case.next_due,  # type: ignore[attr-defined]
               high_findings=check.high_findings if check is not None else None,
               checked_at=check.checked_at if check is not None else None, shared_only=shared_only)


def _matches(row: Row, search: str) -> bool:
    if not search:
        return True
    haystack = " ".join((row.case.reference, row.client, row.forum, row.country, row.case.get_stage_display()))
    return all(word in haystack.casefold() for word in search.casefold().split())


def _sort_key(sort: str) -> Callable[[Row], tuple[Any, ...]]:
    far = datetime.date.max
    keys: dict[str, Callable[[Row], tuple[Any, ...]]] = {
        "deadline": lambda r: (r.next_due or far, r.case.reference),
        "reference": lambda r: (r.case.reference.casefold(),),
        "client": lambda r: (r.client.casefold(), r.case.reference),
        "high": lambda r: (-(r.high_findings or 0), r.next_due or far, r.case.reference),
        "stage": lambda r: (STAGE_ORDER.get(r.case.stage, 99), r.case.reference),
    }
    return keys[sort]
