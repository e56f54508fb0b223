"""Issue 20, after a grant: conditions are recorded as deadlines, so reminders go out before they are due;
they are edited and deleted with their deadline, audited and versioned."""

import datetime

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.urls import reverse

from article3.audit.models import AuditEntry
from article3.cases.models import Case
from article3.deadlines.models import Deadline
from article3.deadlines.reminders import reminders_deliver
from article3.deadlines.services import deadlines_recheck
from article3.errors import StaleEdit
from article3.remedies import services
from tests.conftest import client_for

pytestmark = pytest.mark.django_db
DUE = datetime.date(2027, 1, 15)


def test_a_condition_becomes_a_deadline_with_reminders(settings: object, case: Case, alice: User) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"  # type: ignore[attr-defined]
    client = client_for(alice)
    page = reverse("remedies_conditions", kwargs={"case_id": case.public_id})
    response = client.post(page, {"kind": "check_in", "due": DUE.isoformat(), "details": "Field office, room 4"})
    assert response.status_code == 302
    condition = case.grant_conditions.get()
    deadline = Deadline.objects.get(pk=condition.deadline_id)
    assert deadline.due == DUE and deadline.label == "Check-in (condition of the grant)"
    assert deadline.note == "Field office, room 4" and deadline.verified is False
    assert deadlines_recheck(actor="test", deadlines=[deadline], apply=False) == []  # not a rule's date
    assert reminders_deliver(today=DUE - datetime.timedelta(days=15)).reminders == 0
    assert reminders_deliver(today=DUE - datetime.timedelta(days=7)).reminders == 2  # alice and bob
    assert any("Check-in (condition of the grant)" in m.subject for m in mail.outbox)
    assert "Field office, room 4" in client.get(page).content.decode()


def test_edit_and_delete_a_condition_with_its_deadline(case: Case, alice: User) -> None:
    condition = services.condition_add(actor="test", case=case, kind="renewal", due=DUE)
    client = client_for(alice)
    edit = reverse("remedies_condition_edit", kwargs={"case_id": case.public_id, "pk": condition.pk})
    later = DUE + datetime.timedelta(days=30)
    assert client.post(edit, {"kind": "renewal", "due": later.isoformat(), "details": "", "version": "1"}
                       ).status_code == 302
    condition.refresh_from_db()
    assert condition.version == 2 and Deadline.objects.get(pk=condition.deadline_id).due == later
    with pytest.raises(StaleEdit):
        services.condition_update(actor="test", condition=condition, expected_version=1, changes={"due": DUE})
    delete = reverse("remedies_condition_delete", kwargs={"case_id": case.public_id, "pk": condition.pk})
    assert client.post(delete).status_code == 302
    assert not case.grant_conditions.exists() and not Deadline.objects.filter(case=case).exists()
    actions = list(AuditEntry.objects.filter(action__startswith="remedies.condition").values_list("action", flat=True))
    assert actions == ["remedies.condition.added", "remedies.condition.updated", "remedies.condition.deleted"]
