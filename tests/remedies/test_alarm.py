"""Issue 20: the removal alarm appears at the organisation's threshold (default 14 days) and not before,
on the case page and the dashboard, and e-mails the team once a day."""

import datetime

import pytest
import time_machine
from django.contrib.auth.models import User
from django.core import mail
from django.urls import reverse

from article3.accounts.models import Organisation
from article3.audit.models import AuditEntry
from article3.cases.models import Case
from article3.deadlines.reminders import reminders_deliver
from article3.remedies import services
from article3.remedies.selectors import alarms_for_user, emergency_for_case
from tests.conftest import client_for

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 12, 1)


def removal_in(case: Case, days: int) -> None:
    services.removal_set(actor="test", case=case, changes={"removal_date": TODAY + datetime.timedelta(days=days)})


@pytest.mark.parametrize(("days", "alarm"), [(15, False), (14, True), (1, True), (0, True), (-1, False)])
def test_the_alarm_starts_at_the_default_threshold_and_not_before(case: Case, days: int, alarm: bool) -> None:
    removal_in(case, days)
    panel = emergency_for_case(case=case, today=TODAY)
    assert panel.threshold == 14
    assert panel.days_left == days
    assert panel.alarm is alarm


def test_an_organisation_sets_its_own_threshold(case: Case, org_a: Organisation, alice: User,
                                                 dave: User) -> None:
    from article3.accounts.models import Membership, Role
    from article3.errors import NotPermitted

    removal_in(case, 8)
    with pytest.raises(NotPermitted):  # an attorney is not the organisation's admin
        services.alarm_threshold_set(actor=dave, organisation=org_a, days=7)
    Membership.objects.filter(user=dave).update(role=Role.ADMIN)
    services.alarm_threshold_set(actor=dave, organisation=org_a, days=7)
    assert emergency_for_case(case=case, today=TODAY).alarm is False
    assert emergency_for_case(case=case, today=TODAY + datetime.timedelta(days=1)).alarm is True
    assert AuditEntry.objects.filter(action="remedies.alarm_threshold.set").count() == 1


def test_no_removal_no_alarm(case: Case) -> None:
    panel = emergency_for_case(case=case, today=TODAY)
    assert panel.removal is None and panel.alarm is False and panel.days_left is None


def test_the_case_page_and_dashboard_show_the_alarm_at_the_threshold_only(case: Case, alice: User,
                                                                          charlie: User) -> None:
    removal_in(case, 15)
    page = reverse("case_detail", kwargs={"case_id": case.public_id})
    with time_machine.travel(datetime.datetime(2026, 12, 1, 10, tzinfo=datetime.UTC)):
        client = client_for(alice)  # signed in on the day: sessions time out
        assert 'id="removal-alarm"' not in client.get(page).content.decode()
        assert 'id="removal-alarms"' not in client.get(reverse("dashboard")).content.decode()
    with time_machine.travel(datetime.datetime(2026, 12, 2, 10, tzinfo=datetime.UTC)):
        client = client_for(alice)
        text = client.get(page).content.decode()
        assert 'id="removal-alarm"' in text and "Removal in 14 days" in text
        assert text.index('id="removal-alarm"') < text.index("What is here, and what is missing")  # it leads
        assert "Emergency motion for a stay of removal" in text  # the forum's first urgent step
        dashboard = client.get(reverse("dashboard")).content.decode()
        assert 'id="removal-alarms"' in dashboard and case.reference in dashboard
        assert alarms_for_user(user=charlie, today=TODAY + datetime.timedelta(days=1)) == []


def test_the_team_gets_one_alarm_a_day_from_the_threshold(settings: object, case: Case) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"  # type: ignore[attr-defined]
    removal_in(case, 15)
    assert reminders_deliver(today=TODAY).removal_alarms == 0
    day = TODAY + datetime.timedelta(days=1)
    assert reminders_deliver(today=day).removal_alarms == 2  # alice and bob
    assert reminders_deliver(today=day).removal_alarms == 0  # once a day
    assert reminders_deliver(today=day + datetime.timedelta(days=1)).removal_alarms == 2
    assert len(mail.outbox) == 4
    message = mail.outbox[0]
    assert case.reference in message.subject and "in 14 days" in message.subject
    assert "Test Applicant" not in message.body + message.subject  # no names in e-mails


def test_a_member_reads_the_alarm_in_the_language_of_their_pages(settings: object, case: Case, alice: User) -> None:
    from article3.accounts.models import LanguagePreference

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"  # type: ignore[attr-defined]
    LanguagePreference.objects.create(user=alice, language="es")
    removal_in(case, 3)
    reminders_deliver(today=TODAY)
    (spanish,) = [m for m in mail.outbox if m.to == [alice.email]]
    (english,) = [m for m in mail.outbox if m.to != [alice.email]]
    assert spanish.subject == f"Alerta de expulsión de Article3: {case.reference}, dentro de 3 días"
    assert "Medidas urgentes: " in spanish.body and "Emergency" not in spanish.body
    assert english.subject == f"Article3 removal alarm: {case.reference}, in 3 days"
