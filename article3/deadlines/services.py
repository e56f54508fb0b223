"""Writes for deadlines, decisions, interim requests and calendar feeds: atomic, audited, keyword-only.

Audit details hold ids, codes and counts only: never a decision-maker's name or the reasons in words.
"""

from __future__ import annotations

import datetime
import hashlib
import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from article3.audit.services import Actor, audit_record
from article3.cases.models import Case
from article3.cases.services import unique_key
from article3.deadlines import options
from article3.deadlines.engine import ComputedDeadline, DeadlineError, compute
from article3.deadlines.models import (
    CLOSING_STATUSES,
    CUSTOM_LABEL,
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
from article3.deadlines.steps import english, gettext_noop, phrase
from article3.errors import DomainError
from article3.versioning import versioned_update


def _audit(actor: Actor, action: str, case: Case, obj: Any, key: str = "", **detail: Any) -> None:
    audit_record(actor=actor, action=action, obj=obj, object_key=key, organisation_id=case.organisation_id,
                 case_id=case.pk, detail=detail)


def _user_or_none(actor: Actor) -> AbstractBaseUser | None:
    if isinstance(actor, AbstractBaseUser) and actor.is_authenticated:
        return actor
    return None


# --- computing deadlines again when the packs change --------------------------------------------


@dataclass(frozen=True)
class Recheck:
    """An open deadline whose stored dates differ from what the current rule pack gives.

    `now` is None when the pack no longer gives this rule for the stored trigger (`problem`
    says why, e.g. the pack does not cover that date)."""

    deadline: Deadline
    due: datetime.date | None
    target: datetime.date | None
    now: ComputedDeadline | None
    problem: str = ""

    def as_json(self) -> dict[str, Any]:
        now = self.now
        return {
            "case": self.deadline.case.reference, "rule": self.deadline.rule, "label": self.deadline.label,
            "stored_due": _iso(self.due), "stored_target": _iso(self.target),
            "due": None if now is None else _iso(now.due), "target": None if now is None else _iso(now.target),
            "verified": None if now is None else now.verified, "problem": self.problem,
        }


def _iso(day: datetime.date | None) -> str | None:
    return None if day is None else day.isoformat()


def _now(deadline: Deadline) -> tuple[ComputedDeadline | None, str]:
    return _now_for(deadline, deadline.trigger_date,
                    missing="The rule pack no longer gives this deadline for this case.")


def deadlines_recheck(*, actor: Actor, deadlines: Iterable[Deadline], apply: bool) -> list[Recheck]:
    """Compute open deadlines again against the current rule packs and report those whose due
    date, target or verified status changed; with `apply`, store the new working (audited)."""
    changed: list[Recheck] = []
    for deadline in deadlines:
        if deadline.is_custom or deadline.origin == Origin.RECORDED:  # no rule gives it: nothing to compute again
            continue
        now, problem = _now(deadline)
        if now is not None and (now.due, now.target, now.verified) == (
                deadline.due, deadline.target, deadline.verified):
            continue
        changed.append(Recheck(deadline, deadline.due, deadline.target, now, problem))
        if apply and now is not None:
            _store_again(actor=actor, deadline=deadline, now=now)
    return changed


@transaction.atomic
def _store_again(*, actor: Actor, deadline: Deadline, now: ComputedDeadline,
                 action: str = "deadlines.deadline.recomputed") -> None:
    before = {"due": _iso(deadline.due), "target": _iso(deadline.target)}
    moved = {} if deadline.trigger_date == now.trigger_date else {
        "trigger_date": {"before": deadline.trigger_date.isoformat(), "after": now.trigger_date.isoformat()}}
    for name in ("label", "due", "target", "rule_day", "citation", "verified", "confidence", "note",
                 "aim_reason", "trigger_date"):
        setattr(deadline, name, getattr(now, name))
    deadline.filing, deadline.rule_checked_on = now.filing or "", now.last_verified
    deadline.trace, deadline.working = now.trace, now.working()
    deadline.version += 1
    deadline.full_clean()
    deadline.save()
    _audit(actor, action, deadline.case, deadline, key=str(deadline.pk), rule=deadline.rule, before=before,
           after={"due": _iso(now.due), "target": _iso(now.target)}, **moved)


# --- computing deadlines onto a case ----------------------------------------------------------


def _engine_service(*, case: Case, trigger: str, service: str) -> str | None:
    """The service to pass to the engine: only for triggers that take one (others ignore it)."""
    event = options.trigger_of(case.forum, trigger)
    if event is None:
        raise DomainError(f"The {case.forum} rule pack has no trigger '{trigger}'.")
    if not event.services:
        return None
    ways = "; ".join(event.services.values())
    if not service:
        raise DomainError(_("Say how the decision was served: %(ways)s.") % {"ways": ways})
    if service not in event.services:
        raise DomainError(_("For “%(trigger)s” the rule pack counts only these ways of service: %(ways)s.")
                          % {"trigger": event.label, "ways": ways})
    return service


def _compute(*, case: Case, trigger: str, date: datetime.date, service: str | None) -> list[ComputedDeadline]:
    try:
        return compute(forum=case.forum, trigger=trigger, date=date, service=service, detained=case.detained)
    except DeadlineError as exc:
        raise DomainError(exc.said.text()) from exc


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
        confidence=found.confidence, note=found.note, trace=found.trace, working=found.working(), origin=origin,
        decision=decision, aim_reason=found.aim_reason, rule_checked_on=found.last_verified,
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
        raise DomainError(_("This deadline is already marked done."))
    deadline.done_at = timezone.now()
    deadline.done_by = _user_or_none(actor)  # type: ignore[assignment]
    deadline.version += 1
    deadline.save(update_fields=["done_at", "done_by", "version"])
    _audit(actor, "deadlines.deadline.done", deadline.case, deadline, rule=deadline.rule)
    return deadline


@transaction.atomic
def deadline_undo_done(*, actor: Actor, deadline: Deadline) -> Deadline:
    """Open a deadline marked done by mistake again; the audit log keeps who marked it and when."""
    if deadline.done_at is None:
        raise DomainError(_("This deadline is not marked done."))
    was = {"done_at": deadline.done_at.isoformat(), "done_by": deadline.done_by_id}
    deadline.done_at, deadline.done_by = None, None
    deadline.version += 1
    deadline.save(update_fields=["done_at", "done_by", "version"])
    _audit(actor, "deadlines.deadline.reopened", deadline.case, deadline, key=str(deadline.pk), **was)
    return deadline


# --- deadlines the team sets itself -------------------------------------------------------------

# The whole working of a date the team sets.
CUSTOM_STEP = phrase(gettext_noop("Set by the case team; no rule pack computed this date."))


def _check_custom(title: str, due: datetime.date | None) -> None:
    if not title.strip():
        raise DomainError(_("Give the deadline a title: what has to be done."))
    if due is None:
        raise DomainError(_("Give the date the deadline falls on."))


@transaction.atomic
def deadline_custom_add(*, actor: Actor, case: Case, title: str, due: datetime.date, note: str = "") -> Deadline:
    """A deadline no rule pack gives (a court's own order, a promise to a client): the team's title and date."""
    _check_custom(title, due)
    deadline = Deadline(case=case, rule="custom", label=CUSTOM_LABEL, title=title.strip(), forum=case.forum,
                        trigger="custom", trigger_date=due, due=due, target=due, note=note, origin=Origin.CUSTOM,
                        trace=[english(CUSTOM_STEP)], working={"steps": [CUSTOM_STEP]})
    deadline.full_clean()
    deadline.save()
    _audit(actor, "deadlines.custom.added", case, deadline, key=str(deadline.pk), due=due.isoformat())
    return deadline


@transaction.atomic
def deadline_update(*, actor: Actor, deadline: Deadline, expected_version: int, changes: dict[str, Any]) -> Deadline:
    """A custom deadline's title, date and note; a computed deadline's note only (its dates come from the rules)."""
    allowed = {"title", "due", "note"} if deadline.is_custom else {"note"}
    if set(changes) - allowed:
        raise DomainError(_("Only the note of a computed deadline can be changed: its date comes from the rules."))
    if deadline.is_custom:
        _check_custom(changes.get("title", deadline.title), changes.get("due", deadline.due))
        if "due" in changes:
            changes = {**changes, "trigger_date": changes["due"], "target": changes["due"]}
    deadline = versioned_update(deadline, expected_version=expected_version, changes=changes)
    _audit(actor, "deadlines.deadline.updated", deadline.case, deadline, key=str(deadline.pk),
           fields=sorted(changes), due=_iso(deadline.due))
    return deadline


@transaction.atomic
def deadline_delete(*, actor: Actor, deadline: Deadline) -> None:
    """Remove a deadline (its reminders go with it); the audit log keeps its rule and dates."""
    _audit(actor, "deadlines.deadline.deleted", deadline.case, deadline, key=str(deadline.pk), rule=deadline.rule,
           due=_iso(deadline.due), trigger_date=deadline.trigger_date.isoformat())
    deadline.delete()


# --- following the case's hearing date ----------------------------------------------------------


def deadlines_follow_hearing(*, actor: Actor, case: Case, before: datetime.date | None) -> list[str]:
    """Move the open pre-hearing deadlines to the case's new hearing date, through the engine (each
    with its working), or compute them when the case has none yet. Returns what changed, in words."""
    from article3.deadlines.engine import fmt

    trigger = options.case_hearing_trigger(case.forum)
    if trigger is None:
        return []
    hearing = case.hearing_date
    rows = list(case.deadlines.filter(trigger=trigger.id, done_at__isnull=True).exclude(origin=Origin.CUSTOM))
    if hearing is None:
        return [f"The hearing date was removed: {len(rows)} pre-hearing deadline{'s' if len(rows) != 1 else ''} "
                "stay as computed; delete them on the deadlines page if the hearing is off."] if rows else []
    notes = []
    for deadline in rows:
        if deadline.trigger_date == hearing:
            continue
        now, problem = _now_for(deadline, hearing)
        if now is None:
            notes.append(f"{deadline.label}: not moved ({problem}).")
            continue
        was = deadline.due
        _store_again(actor=actor, deadline=deadline, now=now, action="deadlines.deadline.moved")
        notes.append(f"{deadline.label}: now due {fmt(now.due) if now.due else 'with no fixed date'}"
                     f"{f' (was {fmt(was)})' if was else ''}, counted back from the hearing on {fmt(hearing)}.")
    if not rows:
        try:
            added = _add_from_trigger(case=case, trigger=trigger.id, date=hearing, service="", origin=Origin.MANUAL)
        except DomainError as exc:
            return [f"Pre-hearing deadlines not computed: {exc}"]
        _audit(actor, "deadlines.deadlines.computed", case, case, key=trigger.id, trigger=trigger.id,
               date=hearing.isoformat(), added=[d.pk for d in added])
        notes += [f"{d.label}: due {fmt(d.due) if d.due else 'with no fixed date'}, counted back from the "
                  f"hearing on {fmt(hearing)}." for d in added]
    return notes


# --- following the case's forum ------------------------------------------------------------------


def deadlines_follow_forum(*, actor: Actor, case: Case, before: str) -> list[str]:
    """Compute the case's open deadlines again under its new forum's rule pack: each trigger the new
    pack also has gives its own deadlines; the others leave the case (audited, and said). Done and
    custom deadlines stay as they are. Returns what changed, in words."""
    from article3.deadlines.engine import fmt

    old_pack, new_pack = options.pack_or_none(before), options.pack_or_none(case.forum)
    said = [f"The forum changed from {old_pack.name if old_pack else before} to "
            f"{new_pack.name if new_pack else case.forum}: open deadlines were computed again under its rules."]
    groups: dict[tuple[Any, ...], list[Deadline]] = {}
    for deadline in case.deadlines.filter(done_at__isnull=True).exclude(origin=Origin.CUSTOM):
        key = (deadline.trigger, deadline.trigger_date, deadline.service, deadline.origin, deadline.decision)
        groups.setdefault(key, []).append(deadline)
    for (trigger, day, service, origin, decision), rows in groups.items():
        labels = "; ".join(d.label for d in rows)
        for deadline in rows:
            _audit(actor, "deadlines.deadline.deleted", case, deadline, key=str(deadline.pk), rule=deadline.rule,
                   due=_iso(deadline.due), reason="forum changed")
            deadline.delete()
        if options.trigger_of(case.forum, trigger) is None:
            said.append(f"{labels}: removed, as the new forum's rules have no such step. "
                        "Add a deadline of your own if it still applies.")
            continue
        try:
            added = _add_from_trigger(case=case, trigger=trigger, date=day, service=service, origin=origin,
                                      decision=decision)
        except DomainError as exc:
            said.append(f"{labels}: removed ({exc}).")
            continue
        now = "; ".join(f"{d.label}, due {fmt(d.due) if d.due else 'with no fixed date'}" for d in added)
        said.append(f"{labels}: now {now or 'no deadline under the new rules'}.")
    _audit(actor, "deadlines.deadlines.forum_changed", case, case, key=case.forum, before=before, after=case.forum)
    return said


def _now_for(deadline: Deadline, day: datetime.date, *,
             missing: str = "the rule pack gives no such deadline for that hearing date",
             ) -> tuple[ComputedDeadline | None, str]:
    """The deadline's rule computed again from `day`, or None and why not."""
    try:
        found = compute(forum=deadline.forum or deadline.case.forum, trigger=deadline.trigger, date=day,
                        service=deadline.service or None, detained=deadline.case.detained)
    except DeadlineError as exc:
        return None, str(exc)
    same = next((c for c in found if c.rule == deadline.rule), None)
    return same, "" if same is not None else missing


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


# The fields of a decision that decide which deadlines follow it, and when.
_STARTS_DEADLINES = frozenset({"date", "trigger", "service", "final"})


@transaction.atomic
def decision_update(*, actor: Actor, decision: Decision, expected_version: int, changes: dict[str, Any],
                    notes: list[str] | None = None) -> Decision:
    """Correct a recorded decision. When its date, kind, service or finality changes, the open deadlines
    that follow it are computed again (done ones stay as they were); `notes` says what changed."""
    case = decision.case
    merged = {f: changes.get(f, getattr(decision, f)) for f in ("trigger", "outcome")}
    _check_decision(case=case, **merged)
    for name, choices, what in (("relief_granted", Relief, "relief"), ("relief_refused", Relief, "relief"),
                                ("reasons", Reason, "reason")):
        if name in changes:
            changes[name] = _check_codes(changes[name], choices, what)
    recompute = any(changes.get(f, getattr(decision, f)) != getattr(decision, f) for f in _STARTS_DEADLINES)
    decision = versioned_update(decision, expected_version=expected_version, changes=changes)
    said: list[str] = []
    if recompute:
        removed = list(decision.deadlines.filter(done_at__isnull=True))
        for deadline in removed:
            deadline.delete()
        added: list[Deadline] = []
        for started in (decision.trigger, *options.follow_on(case.forum, decision.trigger, final=decision.final)):
            added += _add_from_trigger(case=case, trigger=started, date=decision.date, service=decision.service,
                                       origin=Origin.DECISION, decision=decision)
        said.append(f"The deadlines that follow the decision were computed again: {len(removed)} open "
                    f"deadline{'s' if len(removed) != 1 else ''} replaced by {len(added)}.")
    _audit(actor, "deadlines.decision.updated", case, decision, key=decision.key, fields=sorted(changes),
           recomputed=recompute)
    if notes is not None:
        notes += said
    return decision


@transaction.atomic
def decision_delete(*, actor: Actor, decision: Decision) -> None:
    """Remove a decision recorded by mistake, with the deadlines computed from it."""
    _audit(actor, "deadlines.decision.deleted", decision.case, decision, key=decision.key, trigger=decision.trigger,
           deadlines=list(decision.deadlines.values_list("pk", flat=True)))
    decision.delete()


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
        raise DomainError(_("Choose a kind of interim request and a status from the lists."))
    if status in CLOSING_STATUSES and decided_on is None:
        decided_on = timezone.localdate()
    if status != InterimStatus.DRAFT and filed_on is None and status != InterimStatus.WITHDRAWN:
        raise DomainError(_("Give the date the request was filed."))
    if filed_on and decided_on and decided_on < filed_on:
        raise DomainError(_("The request cannot be decided before it was filed: check both dates."))
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
        raise DomainError(_("A filed request cannot go back to draft."))
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


@transaction.atomic
def interim_request_edit(*, actor: Actor, interim: InterimRequest, expected_version: int,
                         changes: dict[str, Any]) -> InterimRequest:
    """Correct any field of an interim request (a status change alone goes through interim_request_update)."""
    merged = {f: changes.get(f, getattr(interim, f)) for f in ("kind", "status", "filed_on", "decided_on")}
    if merged["kind"] not in InterimKind.values or merged["status"] not in InterimStatus.values:
        raise DomainError(_("Choose a kind of interim request and a status from the lists."))
    if merged["status"] not in (InterimStatus.DRAFT, InterimStatus.WITHDRAWN) and merged["filed_on"] is None:
        raise DomainError(_("Give the date the request was filed."))
    if merged["filed_on"] and merged["decided_on"] and merged["decided_on"] < merged["filed_on"]:
        raise DomainError(_("The request cannot be decided before it was filed: check both dates."))
    interim = versioned_update(interim, expected_version=expected_version, changes=changes)
    _audit(actor, "deadlines.interim.edited", interim.case, interim, kind=interim.kind, status=interim.status,
           fields=sorted(changes))
    return interim


@transaction.atomic
def interim_request_delete(*, actor: Actor, interim: InterimRequest) -> None:
    _audit(actor, "deadlines.interim.deleted", interim.case, interim, kind=interim.kind, status=interim.status)
    interim.delete()


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
