"""Writes for deadlines, decisions, interim requests and calendar feeds: atomic, audited, keyword-only.

Audit details hold ids, codes and counts only: never a decision-maker's name or the reasons in words.
"""

from __future__ import annotations

import datetime
import hashlib
import secrets
from collections.abc import Sequence
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from article3.audit.services import Actor, audit_record
from article3.cases.models import Case
from article3.cases.services import unique_key
from article3.deadlines import options
from article3.deadlines.engine import ComputedDeadline, DeadlineError, compute
from article3.deadlines.models import (
    CLOSING_STATUSES,
    CalendarFeed,
    Deadline,
    Decision,
    InterimKind,
    InterimRequest,
    InterimStatus,
    Origin,
    Outcome,
    Reason,
    Relief,
)
from article3.errors import DomainError


def _audit(actor: Actor, action: str, case: Case, obj: Any, key: str = "", **detail: Any) -> None:
    audit_record(actor=actor, action=action, obj=obj, object_key=key, organisation_id=case.organisation_id,
                 case_id=case.pk, detail=detail)


def _user_or_none(actor: Actor) -> AbstractBaseUser | None:
    if isinstance(actor, AbstractBaseUser) and actor.is_authenticated:
        return actor
    return None


# --- computing deadlines onto a case ----------------------------------------------------------


def _engine_service(*, case: Case, trigger: str, service: str) -> str | None:
    """The service to pass to the engine: only for triggers that take one (others ignore it)."""
    event = options.trigger_of(case.forum, trigger)
    if event is None:
        raise DomainError(f"The {case.forum} rule pack has no trigger '{trigger}'.")
    if not event.services:
        return None
    if not service:
        raise DomainError(f"Say how the decision was served: {', '.join(event.services)}.")
    return service


def _compute(*, case: Case, trigger: str, date: datetime.date, service: str | None) -> list[ComputedDeadline]:
    try:
        return compute(forum=case.forum, trigger=trigger, date=date, service=service, detained=case.detained)
    except DeadlineError as exc:
        raise DomainError(str(exc)) from exc


def _store(*, case: Case, found: ComputedDeadline, service: str | None, origin: str,
           decision: Decision | None) -> Deadline | None:
    """Save one computed deadline, unless the same open one is already on the case."""
    same = case.deadlines.filter(rule=found.rule, trigger=found.trigger, trigger_date=found.trigger_date,
                                 service=service or "", done_at__isnull=True)
    if same.exists():
        return None
    deadline = Deadline(
        case=case, rule=found.rule, label=found.label, forum=case.forum, trigger=found.trigger,
        trigger_date=found.trigger_date, service=service or "", due=found.due, target=found.target,
        rule_day=found.rule_day, filing=found.filing or "", citation=found.citation, verified=found.verified,
        confidence=found.confidence, note=found.note, trace=list(found.trace), origin=origin, decision=decision,
    )
    deadline.full_clean()
    deadline.save()
    return deadline


def _add_from_trigger(*, case: Case, trigger: str, date: datetime.date, service: str, origin: str,
                      decision: Decision | None = None) -> list[Deadline]:
    engine_service = _engine_service(case=case, trigger=trigger, service=service)
    computed = _compute(case=case, trigger=trigger, date=date, service=engine_service)
    stored = [_store(case=case, found=c, service=engine_service, origin=origin, decision=decision)
              for c in computed]
    return [d for d in stored if d is not None]


@transaction.atomic
def deadlines_compute_add(
    *, actor: Actor, case: Case, trigger: str, date: datetime.date, service: str = ""
) -> list[Deadline]:
    """Compute every deadline `trigger` on `date` starts and add the new ones to the case."""
    added = _add_from_trigger(case=case, trigger=trigger, date=date, service=service, origin=Origin.MANUAL)
    _audit(actor, "deadlines.deadlines.computed", case, case, key=trigger, trigger=trigger,
           date=date.isoformat(), added=[d.pk for d in added])
    return added


@transaction.atomic
def deadline_mark_done(*, actor: Actor, deadline: Deadline) -> Deadline:
    """Record that the step was taken: who and when."""
    if deadline.done_at is not None:
        raise DomainError("This deadline is already marked done.")
    deadline.done_at = timezone.now()
    deadline.done_by = _user_or_none(actor)  # type: ignore[assignment]
    deadline.version += 1
    deadline.save(update_fields=["done_at", "done_by", "version"])
    _audit(actor, "deadlines.deadline.done", deadline.case, deadline, rule=deadline.rule)
    return deadline


# --- decisions --------------------------------------------------------------------------------


def _check_codes(values: Sequence[str], choices: type[Relief] | type[Reason], what: str) -> list[str]:
    unknown = [v for v in values if v not in choices.values]
    if unknown:
        raise DomainError(f"Unknown {what}: {', '.join(unknown)}.")
    return list(dict.fromkeys(values))


def _check_decision(*, case: Case, trigger: str, outcome: str) -> None:
    if trigger not in {t.id for t in options.decision_triggers(case.forum)}:
        accepted = ", ".join(t.id for t in options.decision_triggers(case.forum)) or "none"
        raise DomainError(f"'{trigger}' is not a decision in the {case.forum} rule pack; accepted: {accepted}.")
    if outcome not in Outcome.values:
        raise DomainError(f"Unknown outcome '{outcome}'.")


@transaction.atomic
def decision_record(
    *,
    actor: Actor,
    case: Case,
    date: datetime.date,
    trigger: str,
    outcome: str,
    decision_maker: str = "",
    relief_granted: Sequence[str] = (),
    relief_refused: Sequence[str] = (),
    relief: str = "",
    service: str = "",
    final: bool = False,
    reasons: Sequence[str] = (),
    reasons_note: str = "",
) -> Decision:
    """Record a decision and add the deadlines that follow it (and those of the final order,
    when the decision is final and the forum starts more from it)."""
    _check_decision(case=case, trigger=trigger, outcome=outcome)
    existing = set(case.decisions.values_list("key", flat=True))
    decision = Decision(
        case=case, key=unique_key(existing=existing, prefix="dec"),
        date=date, trigger=trigger, decision_maker=decision_maker, outcome=outcome, relief=relief,
        relief_granted=_check_codes(relief_granted, Relief, "relief"),
        relief_refused=_check_codes(relief_refused, Relief, "relief"), service=service, final=final,
        reasons=_check_codes(reasons, Reason, "reason"), reasons_note=reasons_note,
    )
    decision.full_clean()
    decision.save()
    added: list[Deadline] = []
    for started in (trigger, *options.follow_on(case.forum, trigger, final=final)):
        added += _add_from_trigger(case=case, trigger=started, date=date, service=service,
                                   origin=Origin.DECISION, decision=decision)
    _audit(actor, "deadlines.decision.recorded", case, decision, key=decision.key, trigger=trigger,
           outcome=outcome, final=final, reasons=decision.reasons, deadlines=[d.pk for d in added])
    return decision


# --- interim relief ---------------------------------------------------------------------------


def _status_dates(status: str, on: datetime.date | None, *, filed_on: datetime.date | None,
                  decided_on: datetime.date | None) -> tuple[datetime.date | None, datetime.date | None]:
    """The filed and decided dates after a status change to `status` on `on` (today if not given)."""
    day = on or timezone.localdate()
    if status == InterimStatus.FILED:
        return day, None
    if status in CLOSING_STATUSES:
        return filed_on, day
    return filed_on, decided_on


@transaction.atomic
def interim_request_add(
    *,
    actor: Actor,
    case: Case,
    kind: str,
    status: str = InterimStatus.DRAFT,
    addressed_to: str = "",
    reference: str = "",
    filed_on: datetime.date | None = None,
    decided_on: datetime.date | None = None,
    note: str = "",
) -> InterimRequest:
    if kind not in InterimKind.values or status not in InterimStatus.values:
        raise DomainError("Choose a kind of interim request and a status from the lists.")
    if status in CLOSING_STATUSES and decided_on is None:
        decided_on = timezone.localdate()
    if status != InterimStatus.DRAFT and filed_on is None and status != InterimStatus.WITHDRAWN:
        raise DomainError("Give the date the request was filed.")
    request = InterimRequest(case=case, kind=kind, status=status, addressed_to=addressed_to,
                             reference=reference, filed_on=filed_on, decided_on=decided_on, note=note)
    request.full_clean()
    request.save()
    _audit(actor, "deadlines.interim.added", case, request, kind=kind, status=status)
    return request


@transaction.atomic
def interim_request_update(
    *, actor: Actor, interim: InterimRequest, status: str, on: datetime.date | None = None
) -> InterimRequest:
    """Move a request to a new status on a date (today if not given), keeping its history in the audit log."""
    if status not in InterimStatus.values:
        raise DomainError(f"Unknown status '{status}'.")
    if status == InterimStatus.DRAFT and interim.status != InterimStatus.DRAFT:
        raise DomainError("A filed request cannot go back to draft.")
    previous = interim.status
    interim.filed_on, interim.decided_on = _status_dates(
        status, on, filed_on=interim.filed_on, decided_on=interim.decided_on)
    interim.status = status
    interim.version += 1
    interim.full_clean()
    interim.save()
    _audit(actor, "deadlines.interim.updated", interim.case, interim, kind=interim.kind, previous=previous,
           status=status)
    return interim


# --- calendar feeds ---------------------------------------------------------------------------


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def calendar_feed_create(*, actor: Actor, user: AbstractBaseUser) -> tuple[CalendarFeed, str]:
    """A new secret feed address for `user`. The token is returned once and never stored."""
    token = secrets.token_urlsafe(32)
    feed = CalendarFeed.objects.create(user_id=user.pk, token_hash=token_digest(token))
    audit_record(actor=actor, action="deadlines.feed.created", obj=feed)
    return feed, token


@transaction.atomic
def calendar_feed_revoke(*, actor: Actor, feed: CalendarFeed) -> CalendarFeed:
    if feed.revoked_at is None:
        feed.revoked_at = timezone.now()
        feed.save(update_fields=["revoked_at"])
        audit_record(actor=actor, action="deadlines.feed.revoked", obj=feed)
    return feed


@transaction.atomic
def calendar_feed_fetched(*, feed: CalendarFeed, events: int) -> None:
    """Note the fetch: the token is the credential, so each use is a sensitive read."""
    CalendarFeed.objects.filter(pk=feed.pk).update(last_used_at=timezone.now())
    audit_record(actor=f"feed:{feed.pk}", action="deadlines.feed.fetched", obj=feed,
                 detail={"user": feed.user_id, "events": events})
