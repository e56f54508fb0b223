"""Reminder e-mails at the lead times, exactly once each, and the daily digest."""

import datetime
from collections.abc import Iterator

import pytest
import time_machine
from django.contrib.auth.models import User
from django.core import mail
from django.core.exceptions import ImproperlyConfigured

from article3.audit.models import AuditEntry
from article3.cases.models import Case, Stage
from article3.deadlines.models import Deadline, DigestSent, ReminderSent
from article3.deadlines.reminders import lead_for, reminder_days, reminders_deliver
from article3.deadlines.services import deadline_mark_done
from article3.deadlines.tasks import reminders_send
from tests.deadlines import factories

D = datetime.date
REMINDER = "Article3 reminder"


@pytest.fixture(autouse=True)
def _locmem(settings: object) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"  # type: ignore[attr-defined]


def days(start: D, end: D) -> Iterator[D]:
    day = start
    while day <= end:
        yield day
        day += datetime.timedelta(days=1)


def reminders_to(user: User) -> list[mail.EmailMessage]:
    return [m for m in mail.outbox if m.subject.startswith(REMINDER) and m.to == [user.email]]


def run_daily(start: D, end: D, *, twice: bool = True) -> dict[D, int]:
    """Run the task each morning from `start` to `end` (twice a day: the second must send nothing)."""
    sent: dict[D, int] = {}
    for day in days(start, end):
        with time_machine.travel(datetime.datetime.combine(day, datetime.time(6), tzinfo=datetime.UTC), tick=False):
            before = len(mail.outbox)
            for _ in range(2 if twice else 1):
                reminders_send.enqueue()
            sent[day] = len([m for m in mail.outbox[before:] if m.subject.startswith(REMINDER)])
    return sent


@pytest.mark.django_db
def test_reminders_go_out_14_7_2_and_1_days_before_exactly_once(demo_case: Case, alice: User, bob: User) -> None:
    deadline = factories.deadline_for(demo_case)  # BIA appeal due Wed 1 July 2026
    sent = run_daily(D(2026, 6, 1), D(2026, 7, 3))
    reminder_days_seen = [day for day, count in sent.items() if count]
    assert reminder_days_seen == [D(2026, 6, 17), D(2026, 6, 24), D(2026, 6, 29), D(2026, 6, 30)]
    for user in (alice, bob):
        leads = ReminderSent.objects.filter(deadline=deadline, user=user).order_by("sent_at")
        assert list(leads.values_list("lead_days", flat=True)) == [14, 7, 2, 1]
        assert len(reminders_to(user)) == 4
    first = reminders_to(alice)[0]
    assert first.subject == "Article3 reminder: DEMO-2026-001: BIA appeal (Form EOIR-26)"
    assert "Due Wed 2026-07-01 (in 14 days). Filing counts on receipt." in first.body
    assert "Source: 8 CFR 1003.38(b)\n" in first.body
    assert f"/cases/{demo_case.public_id}/deadlines/" in first.body


@pytest.mark.django_db
def test_emails_name_cases_by_reference_only(demo_case: Case, alice: User) -> None:
    factories.deadline_for(demo_case)
    run_daily(D(2026, 6, 17), D(2026, 7, 2), twice=False)
    names = [demo_case.applicant.name, *demo_case.people.values_list("name", flat=True)]
    assert mail.outbox
    for message in mail.outbox:
        text = f"{message.subject}\n{message.body}"
        assert "DEMO-2026-001" in text
        assert all(name not in text and name.split()[-1] not in text for name in names)


@pytest.mark.django_db
def test_a_missed_day_sends_the_lead_time_reached_once(case: Case, alice: User) -> None:
    deadline = factories.deadline_for(case)
    sent = run_daily(D(2026, 6, 26), D(2026, 7, 1))  # first run 5 days before
    assert [d for d, n in sent.items() if n] == [D(2026, 6, 26), D(2026, 6, 29), D(2026, 6, 30)]
    leads = ReminderSent.objects.filter(deadline=deadline, user=alice).values_list("lead_days", flat=True)
    assert sorted(leads) == [1, 2, 7]
    assert "(in 5 days)" in reminders_to(alice)[0].body


@pytest.mark.django_db
def test_lead_times_come_from_the_setting(settings: object, case: Case, alice: User) -> None:
    settings.ARTICLE3_REMINDER_DAYS = "3"  # type: ignore[attr-defined]
    factories.deadline_for(case)
    sent = run_daily(D(2026, 6, 1), D(2026, 7, 1))
    assert [d for d, n in sent.items() if n] == [D(2026, 6, 28)]
    assert reminder_days() == (3,)


def test_lead_times_parse_and_reach(settings: object) -> None:
    assert reminder_days() == (14, 7, 2, 1)
    settings.ARTICLE3_REMINDER_DAYS = "1, 30,7"  # type: ignore[attr-defined]
    assert reminder_days() == (30, 7, 1)
    for bad in ("soon", "-1"):
        settings.ARTICLE3_REMINDER_DAYS = bad  # type: ignore[attr-defined]
        with pytest.raises(ImproperlyConfigured, match="ARTICLE3_REMINDER_DAYS"):
            reminder_days()
    leads = (14, 7, 2, 1)
    assert [lead_for(n, leads) for n in (15, 14, 8, 7, 3, 2, 1, 0, -1)] == [None, 14, 14, 7, 7, 2, 1, 1, None]


@pytest.mark.django_db
def test_done_deadlines_and_closed_cases_get_no_reminders(case: Case, demo_case: Case, alice: User) -> None:
    deadline_mark_done(actor=alice, deadline=factories.deadline_for(case))
    factories.deadline_for(demo_case)
    Case.objects.filter(pk=demo_case.pk).update(stage=Stage.CLOSED)
    report = reminders_deliver(today=D(2026, 6, 17))
    assert report.reminders == 0 and report.digests == 0 and mail.outbox == []


@pytest.mark.django_db
def test_only_the_case_team_is_reminded(case: Case, alice: User, bob: User, dave: User, charlie: User) -> None:
    factories.deadline_for(case)
    bob.is_active = False
    bob.save()
    reminders_deliver(today=D(2026, 6, 17))
    assert {tuple(m.to) for m in mail.outbox} == {(alice.email,)}


@pytest.mark.django_db
def test_the_daily_digest_lists_overdue_and_coming_deadlines_once_a_day(case: Case, alice: User) -> None:
    factories.deadline_for(case, date=D(2026, 6, 1))  # due 1 July: overdue on 3 July
    factories.deadline_for(case, date=D(2026, 6, 10))  # due Fri 10 July
    for _ in range(2):
        reminders_deliver(today=D(2026, 7, 3))
    digests = [m for m in mail.outbox if m.subject.startswith("Article3 digest") and m.to == [alice.email]]
    assert len(digests) == 1 and DigestSent.objects.filter(user=alice, day=D(2026, 7, 3)).count() == 1
    (digest,) = digests
    assert digest.subject == "Article3 digest for 2026-07-03: 2 deadlines, 1 overdue"
    assert "Due Wed 2026-07-01 (OVERDUE by 2 days)" in digest.body and "(in 7 days)" in digest.body
    assert "/deadlines/calendar/" in digest.body


@pytest.mark.django_db
def test_each_email_is_audited_with_ids_only(case: Case, alice: User) -> None:
    deadline = factories.deadline_for(case)
    reminders_deliver(today=D(2026, 6, 24))
    entry = AuditEntry.objects.get(action="deadlines.reminder.sent", object_key=str(alice.pk))
    assert entry.detail == {"deadlines": [deadline.pk], "leads": [7]}
    assert AuditEntry.objects.filter(action="deadlines.digest.sent").exists()


@pytest.mark.django_db
def test_unverified_rules_say_so_in_the_email(case: Case, alice: User) -> None:
    from article3.deadlines.services import deadlines_compute_add

    deadlines_compute_add(actor="test", case=case, trigger="bia_decision", date=D(2026, 1, 15))
    reminders_deliver(today=D(2026, 2, 15))
    (message,) = reminders_to(alice)
    assert message.subject == "Article3 reminder: A-2026-001: Motion to reconsider (BIA)"
    assert "(UNVERIFIED: check the source before relying on this date)" in message.body
    assert Deadline.objects.filter(case=case).count() == 3


@pytest.mark.django_db
def test_each_member_reads_the_reminder_and_digest_in_their_language(demo_case: Case, alice: User, bob: User) -> None:
    from article3.accounts.models import LanguagePreference

    factories.deadline_for(demo_case)  # BIA appeal due Wed 1 July 2026
    LanguagePreference.objects.create(user=alice, language="fr")
    reminders_deliver(today=D(2026, 6, 24))
    french = [m for m in mail.outbox if m.to == [alice.email]]
    english = [m for m in mail.outbox if m.to == [bob.email]]
    assert {m.subject.split(":")[0] for m in english} == {"Article3 reminder", "Article3 digest for 2026-06-24"}
    assert {m.subject.split(" :")[0] for m in french} == {"Rappel Article3", "Récapitulatif Article3 du 2026-06-24"}
    body = "\n".join(m.body for m in french)
    assert "Échéance le mer. 2026-07-01 (dans 7 jours)." in body and "Due " not in body
    assert "Rappel de délai d’Article3 pour le" in body and "Calendrier :" in body


@pytest.mark.django_db
def test_why_to_aim_earlier_is_said_in_the_members_language(case: Case, alice: User) -> None:
    from django.utils import translation

    from article3.accounts.models import LanguagePreference
    from article3.deadlines import explain
    from article3.deadlines.services import deadlines_compute_add

    case.forum = "ca-irb"
    case.save(update_fields=["forum"])
    added = deadlines_compute_add(actor="test", case=case, trigger="decision_notified", date=D(2026, 5, 2))
    leave = next(d for d in added if d.rule == "fc_leave_outside_canada")  # due Thu 2026-07-02, aim Tue 06-30
    LanguagePreference.objects.create(user=alice, language="fr")
    reminders_deliver(today=D(2026, 6, 25))
    body = "\n".join(m.body for m in mail.outbox if m.to == [alice.email])
    with translation.override("fr"):
        reason = explain.why_earlier(leave)
    assert reason and reason in body and "mer. 2026-07-01" in reason
    assert leave.aim_reason not in body, "not the English of the record"
