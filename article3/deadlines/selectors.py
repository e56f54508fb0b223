"""Reads of deadlines, scoped to the user's cases (or, for the CLI, to an organisation)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from article3.accounts.models import Organisation
from article3.cases.models import Case, Stage
from article3.cases.selectors import case_list_for_user
from article3.deadlines import options
from article3.deadlines.models import CalendarFeed, Deadline, Decision, InterimRequest
from article3.rulepacks import DeadlineRule

User = AbstractBaseUser | AnonymousUser


def upcoming_for_user(*, user: User, days: int) -> list[Deadline]:
    """Open deadlines on the user's cases due within `days`, overdue ones first (by due date)."""
    horizon = timezone.localdate() + datetime.timedelta(days=days)
    return list(
        Deadline.objects.filter(case__in=case_list_for_user(user=user), done_at__isnull=True,
                                due__lte=horizon).select_related("case").order_by("due", "pk")
    )


def deadlines_in_range(*, user: User, start: datetime.date, end: datetime.date) -> QuerySet[Deadline]:
    """The user's deadlines (open and done) due from `start` to `end` inclusive."""
    return (Deadline.objects.filter(case__in=case_list_for_user(user=user), due__gte=start, due__lte=end)
            .select_related("case").order_by("due", "case__reference", "pk"))


def open_deadlines_for_user(*, user: User) -> QuerySet[Deadline]:
    """Every open, dated deadline on the user's cases (for the calendar feed)."""
    return (Deadline.objects.filter(case__in=case_list_for_user(user=user), done_at__isnull=True,
                                    due__isnull=False).select_related("case").order_by("due", "pk"))


def open_deadlines_for_organisation(*, organisation: Organisation, days: int) -> QuerySet[Deadline]:
    """Open deadlines on the organisation's open cases due within `days` (overdue included), for the CLI."""
    horizon = timezone.localdate() + datetime.timedelta(days=days)
    return (Deadline.objects.filter(case__organisation=organisation, done_at__isnull=True, due__lte=horizon)
            .exclude(case__stage=Stage.CLOSED).select_related("case").order_by("due", "case__reference", "pk"))


def open_deadlines_to_recheck(*, organisation: Organisation) -> QuerySet[Deadline]:
    """Every open deadline on the organisation's cases, to compute again against the current packs."""
    return (Deadline.objects.filter(case__organisation=organisation, done_at__isnull=True)
            .select_related("case").order_by("due", "case__reference", "pk"))


def deadline_get_for_case(*, case: Case, pk: int) -> Deadline:
    """A deadline of a case already loaded through the case access selector; 404 otherwise."""
    return get_object_or_404(case.deadlines, pk=pk)


def decision_get_for_case(*, case: Case, key: str) -> Decision:
    return get_object_or_404(case.decisions, key=key)


def interim_get_for_case(*, case: Case, pk: int) -> InterimRequest:
    return get_object_or_404(case.interim_requests, pk=pk)


def feeds_for_user(*, user: User) -> QuerySet[CalendarFeed]:
    return CalendarFeed.objects.filter(user_id=user.pk if user.is_authenticated else -1)


def feed_for_token(*, token: str) -> CalendarFeed:
    """The active feed `token` opens, or 404 (wrong, revoked, or its user deactivated)."""
    from article3.deadlines.services import token_digest

    feed = (CalendarFeed.objects.select_related("user")
            .filter(token_hash=token_digest(token), revoked_at__isnull=True, user__is_active=True).first())
    if feed is None:
        raise Http404
    return feed


# --- the case's Deadlines tab -----------------------------------------------------------------


@dataclass(frozen=True)
class OptionGroup:
    code: str
    label: str
    deadlines: list[Deadline]


@dataclass(frozen=True)
class DecisionOptions:
    """A decision and the next steps that follow it, by kind, each with its dates."""

    decision: Decision
    groups: list[OptionGroup]

    @property
    def trigger_label(self) -> str:
        event = options.trigger_of(self.decision.case.forum, self.decision.trigger)
        return event.label if event is not None else self.decision.trigger

    @property
    def has_new_evidence_rule(self) -> bool:
        return any(group.code == "new_evidence" for group in self.groups)


@dataclass(frozen=True)
class CaseDeadlines:
    dated: list[Deadline]
    undated: list[Deadline]
    done: list[Deadline]
    decisions: list[DecisionOptions]
    interim: list[InterimRequest]
    alerts: int  # open country-information alerts on the case
    changed_conditions: list[DeadlineRule] = field(default_factory=list)


def decision_options(decision: Decision) -> DecisionOptions:
    rows = list(decision.deadlines.all())
    groups = []
    for kind in options.KINDS:
        found = [d for d in rows if options.option_kind(d.rule).code == kind.code]
        if found:
            groups.append(OptionGroup(kind.code, str(kind.label), found))
    return DecisionOptions(decision, groups)


def coi_alert_count(case: Case) -> int:
    """Open country-information alerts on the case; 0 while the COI app does not provide them."""
    try:
        from article3.coi.selectors import alerts_for_case
    except ImportError:
        return 0
    return alerts_for_case(case).count()


def case_deadlines(*, case: Case) -> CaseDeadlines:
    """What the Deadlines tab shows. `case` must come from the case access selector."""
    rows = list(case.deadlines.all())
    open_rows = [d for d in rows if d.done_at is None]
    decisions = case.decisions.prefetch_related("deadlines")
    alerts = coi_alert_count(case)
    return CaseDeadlines(
        dated=sorted((d for d in open_rows if d.due is not None), key=lambda d: (d.due, d.pk)),
        undated=[d for d in open_rows if d.due is None],
        done=sorted((d for d in rows if d.done_at is not None), key=lambda d: d.done_at or d.created_at, reverse=True),
        decisions=[decision_options(d) for d in decisions],
        interim=list(case.interim_requests.all()),
        alerts=alerts,
        changed_conditions=options.changed_conditions_rules(case.forum) if alerts else [],
    )
