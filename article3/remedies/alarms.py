"""The daily removal alarm: while a removal is under its organisation's threshold, each member of the case
team gets one e-mail a day naming the case reference and the date (never a person), until the day itself.

Run with the deadline reminders (`reminders_deliver`), so cron and the daily task both send it; each
alarm is recorded (`RemovalAlarmSent`) before its e-mail leaves, in the same transaction, so a second
run on the same day sends nothing new.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext, ngettext

from article3.accounts.selectors import language_of
from article3.audit.services import audit_record
from article3.cases.models import CaseMember, Stage
from article3.remedies.models import Removal, RemovalAlarmSent
from article3.remedies.selectors import alarm_days, alarm_raised, days_left


def _due(today: datetime.date) -> list[tuple[Removal, int]]:
    removals = (Removal.objects.filter(removal_date__gte=today).exclude(case__stage=Stage.CLOSED)
                .select_related("case"))
    found = []
    for removal in removals:
        left = days_left(removal, today)
        if alarm_raised(days=left, threshold=alarm_days(organisation_id=removal.case.organisation_id)):
            found.append((removal, left))
    return found


def removal_alarms_deliver(*, today: datetime.date) -> int:
    """Send today's removal alarms that were not sent yet; returns how many e-mails left."""
    sent = 0
    for removal, left in _due(today):
        seats = (CaseMember.objects.filter(case_id=removal.case_id, user__is_active=True).exclude(user__email="")
                 .filter(user__memberships__organisation_id=F("case__organisation_id")).select_related("user"))
        for seat in seats:
            sent += _send(removal=removal, user_id=seat.user_id, email=seat.user.email, left=left, today=today)
    return sent


def _send(*, removal: Removal, user_id: int, email: str, left: int, today: datetime.date) -> int:
    if RemovalAlarmSent.objects.filter(removal=removal, user_id=user_id, day=today).exists():
        return 0
    url = str(settings.SITE_URL).rstrip("/") + reverse("remedies_emergency", kwargs={"case_id": removal.case.public_id})
    with translation.override(language_of(user_id=user_id)):  # the language they chose for their pages
        words = {"reference": removal.case.reference, "day": date_format(today, "D Y-m-d"), "url": url,
                 "removal": date_format(removal.removal_date, "D Y-m-d"), "left": left}
        when = gettext("today") if left == 0 else ngettext("in %(left)s day", "in %(left)s days", left) % words
        words["when"] = when
        subject = gettext("Article3 removal alarm: %(reference)s, %(when)s") % words
        body = gettext("Removal alarm from Article3 for %(day)s.\n\n"
                       "Case %(reference)s: removal planned for %(removal)s, %(when)s.\n"
                       "Emergency steps: %(url)s\n") % words
    try:
        with transaction.atomic():
            RemovalAlarmSent.objects.create(removal=removal, user_id=user_id, day=today)
            audit_record(actor="system", action="remedies.alarm.sent", object_key=str(user_id),
                         organisation_id=removal.case.organisation_id, case_id=removal.case_id,
                         detail={"removal": removal.pk, "days_left": left})
            send_mail(subject, body, None, [email])
    except IntegrityError:  # another run recorded it first: it sends it
        return 0
    return 1
