"""Reminder e-mails at the lead times (`ARTICLE3_REMINDER_DAYS`, default 14,7,2,1) and a daily digest.

`reminders_deliver(today=...)` is run once a day, by the `reminders_send` task or by cron calling
`article3 deadlines remind`. Running it twice on a day sends nothing new: each reminder is
recorded (`ReminderSent`) before its e-mail leaves, in the same transaction, and so is each
digest (`DigestSent`). A run that missed days sends the most urgent lead time reached, once.

The e-mails name case references and rule labels only, never people.
"""

from __future__ import annotations

import datetime
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ImproperlyConfigured
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext, ngettext

from article3.accounts.selectors import language_of
from article3.audit.services import audit_record
from article3.cases.models import CaseMember, Stage
from article3.deadlines.models import Deadline, DigestSent, ReminderSent

DEFAULT_REMINDER_DAYS = "14,7,2,1"


def reminder_days() -> tuple[int, ...]:
    """The lead times in days, largest first, from the setting or the environment."""
    raw = getattr(settings, "ARTICLE3_REMINDER_DAYS", None) or os.environ.get(
        "ARTICLE3_REMINDER_DAYS", DEFAULT_REMINDER_DAYS)
    parts = [str(p).strip() for p in (raw if isinstance(raw, list | tuple) else str(raw).split(","))]
    try:
        days = sorted({int(p) for p in parts if p}, reverse=True)
    except ValueError as exc:
        raise ImproperlyConfigured(f"ARTICLE3_REMINDER_DAYS must be whole days, e.g. 14,7,2,1; got {raw!r}") from exc
    if not days or days[-1] < 0:
        raise ImproperlyConfigured(f"ARTICLE3_REMINDER_DAYS must list days of 0 or more; got {raw!r}")
    return tuple(days)


def lead_for(days_left: int, leads: tuple[int, ...]) -> int | None:
    """The lead time a deadline `days_left` away has reached (the smallest at or above it)."""
    if days_left < 0:
        return None
    reached = [lead for lead in leads if days_left <= lead]
    return min(reached) if reached else None


@dataclass(frozen=True)
class Item:
    """One deadline as an e-mail shows it."""

    deadline: Deadline
    days_left: int
    lead: int | None = None

    @property
    def overdue(self) -> bool:
        return self.days_left < 0

    @property
    def overdue_days(self) -> int:
        return -self.days_left


@dataclass(frozen=True)
class ReminderReport:
    reminders: int
    digests: int
    users: int
    removal_alarms: int = 0

    def as_json(self) -> dict[str, int]:
        return {"reminders": self.reminders, "digests": self.digests, "users": self.users,
                "removal_alarms": self.removal_alarms}


def _open_deadlines(*, today: datetime.date, leads: tuple[int, ...]) -> list[Deadline]:
    horizon = today + datetime.timedelta(days=max(leads))
    return list(Deadline.objects.filter(done_at__isnull=True, due__isnull=False, due__lte=horizon)
                .exclude(case__stage=Stage.CLOSED).select_related("case").order_by("due", "pk"))


def _recipients(deadlines: list[Deadline]) -> dict[int, tuple[AbstractBaseUser, list[Deadline]]]:
    """Team members of each deadline's case who still belong to its organisation, with an address."""
    by_case: dict[int, list[Deadline]] = {}
    for deadline in deadlines:
        by_case.setdefault(deadline.case_id, []).append(deadline)
    seats = (CaseMember.objects.filter(case_id__in=by_case, user__is_active=True)
             .exclude(user__email="").filter(user__memberships__organisation_id=F("case__organisation_id"))
             .select_related("user").order_by("user_id", "case_id"))
    found: dict[int, tuple[AbstractBaseUser, list[Deadline]]] = {}
    for seat in seats:
        found.setdefault(seat.user_id, (seat.user, []))[1].extend(by_case[seat.case_id])
    return found


def _site_url() -> str:
    return str(settings.SITE_URL).rstrip("/")


def _send(*, user: AbstractBaseUser, subject: Callable[[], str], template: str, items: list[Item],
          today: datetime.date) -> None:
    """The e-mail in the language the person chose for their pages."""
    with translation.override(language_of(user_id=int(user.pk))):
        body = render_to_string(template, {"items": items, "today": today, "site": _site_url()})
        send_mail(subject(), body, None, [user.email])  # type: ignore[attr-defined]


def _reminder_subject(items: list[Item]) -> str:
    if len(items) == 1:
        item = items[0]
        return gettext("Article3 reminder: %(reference)s: %(deadline)s") % {
            "reference": item.deadline.case.reference, "deadline": item.deadline.label}
    return gettext("Article3 reminders: %(count)s deadlines") % {"count": len(items)}


def _digest_subject(items: list[Item], today: datetime.date) -> str:
    words = {"day": today.isoformat(), "count": len(items), "overdue": sum(1 for i in items if i.overdue)}
    if words["overdue"]:
        return ngettext("Article3 digest for %(day)s: %(count)s deadline, %(overdue)s overdue",
                        "Article3 digest for %(day)s: %(count)s deadlines, %(overdue)s overdue", len(items)) % words
    return ngettext("Article3 digest for %(day)s: %(count)s deadline",
                    "Article3 digest for %(day)s: %(count)s deadlines", len(items)) % words


def _send_reminders(*, user: AbstractBaseUser, deadlines: list[Deadline], today: datetime.date,
                    leads: tuple[int, ...]) -> int:
    due = [Item(d, (d.due - today).days) for d in deadlines if d.due is not None]
    reached = [(i, lead) for i in due if (lead := lead_for(i.days_left, leads)) is not None]
    sent = set(ReminderSent.objects.filter(user_id=user.pk, deadline__in=[i.deadline for i, _ in reached])
               .values_list("deadline_id", "lead_days"))
    fresh_leads = [(i, lead) for i, lead in reached if (i.deadline.pk, lead) not in sent]
    if not fresh_leads:
        return 0
    fresh = [Item(i.deadline, i.days_left, lead) for i, lead in fresh_leads]
    try:
        with transaction.atomic():
            now = timezone.now()
            ReminderSent.objects.bulk_create([ReminderSent(deadline=i.deadline, user_id=user.pk, lead_days=lead,
                                                           sent_at=now) for i, lead in fresh_leads])
            audit_record(actor="system", action="deadlines.reminder.sent", object_key=str(user.pk),
                         detail={"deadlines": [i.deadline.pk for i in fresh], "leads": [i.lead for i in fresh]})
            _send(user=user, subject=lambda: _reminder_subject(fresh), template="deadlines/email/reminder.txt",
                  items=fresh, today=today)
    except IntegrityError:  # another run recorded them first: it sends them
        return 0
    return len(fresh)


def _send_digest(*, user: AbstractBaseUser, deadlines: Iterable[Deadline], today: datetime.date) -> int:
    items = [Item(d, (d.due - today).days) for d in deadlines if d.due is not None]
    if not items or DigestSent.objects.filter(user_id=user.pk, day=today).exists():
        return 0
    try:
        with transaction.atomic():
            DigestSent.objects.create(user_id=user.pk, day=today)
            audit_record(actor="system", action="deadlines.digest.sent", object_key=str(user.pk),
                         detail={"deadlines": [i.deadline.pk for i in items], "day": today.isoformat()})
            _send(user=user, subject=lambda: _digest_subject(items, today), template="deadlines/email/digest.txt",
                  items=items, today=today)
    except IntegrityError:
        return 0
    return 1


def reminders_deliver(*, today: datetime.date) -> ReminderReport:
    """Send the reminders that `today` reaches, each user's digest and the removal alarms, once each."""
    from article3.remedies.alarms import removal_alarms_deliver

    leads = reminder_days()
    recipients = _recipients(_open_deadlines(today=today, leads=leads))
    reminders = digests = 0
    for user, deadlines in recipients.values():
        reminders += _send_reminders(user=user, deadlines=deadlines, today=today, leads=leads)
        digests += _send_digest(user=user, deadlines=deadlines, today=today)
    return ReminderReport(reminders, digests, len(recipients), removal_alarms_deliver(today=today))
