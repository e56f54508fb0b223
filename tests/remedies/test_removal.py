"""Issue 20: the removal on the case: recorded, edited, deleted, audited, versioned; identifiers checked
against the forum's format; free text encrypted; outsiders get 404."""

import datetime

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.urls import reverse

from article3.accounts.models import Organisation
from article3.audit.models import AuditEntry
from article3.cases.models import Case
from article3.cases.services import case_create
from article3.errors import DomainError, StaleEdit
from article3.remedies import services
from article3.remedies.models import Removal
from tests.conftest import client_for

pytestmark = pytest.mark.django_db
DAY = datetime.date(2026, 12, 20)


def test_record_edit_and_delete_a_removal(case: Case) -> None:
    removal = services.removal_set(actor="test", case=case, changes={
        "removal_date": DAY, "detention_place": "Northside Processing Center", "identifier": "a123-456-789"})
    assert removal.identifier == "A123456789" and removal.version == 1
    changed = services.removal_set(actor="test", case=case, expected_version=1,
                                   changes={"transfer_risk": "May be moved to another state on Friday"})
    assert changed.version == 2 and changed.detention_place == "Northside Processing Center"
    with pytest.raises(StaleEdit):
        services.removal_set(actor="test", case=case, expected_version=1, changes={"removal_date": DAY})
    services.removal_delete(actor="test", removal=changed)
    assert not Removal.objects.filter(case=case).exists()
    actions = list(AuditEntry.objects.filter(action__startswith="remedies.removal").values_list("action", flat=True))
    assert actions == ["remedies.removal.recorded", "remedies.removal.updated", "remedies.removal.deleted"]


@pytest.mark.parametrize(("forum", "good", "bad"), [
    ("us-eoir", "A 123 456 789", "123"), ("ca-irb", "1234-5678", "12345"), ("echr", "12345/24", "2024-12345"),
    ("un-cat", "614/2014", "CAT-614")])
def test_identifiers_follow_the_forums_format(org_a: Organisation, alice: User, forum: str, good: str,
                                              bad: str) -> None:
    case = case_create(actor=alice, organisation=org_a, reference=f"R-{forum}", forum=forum,
                       country_of_return="CM", applicant_name="Test Applicant", owner_id=alice.pk)
    assert services.removal_set(actor="test", case=case, changes={"removal_date": DAY, "identifier": good})
    with pytest.raises(DomainError, match="not in the format of the"):
        services.removal_set(actor="test", case=case, changes={"identifier": bad})


def test_a_forum_without_a_format_takes_any_identifier(org_a: Organisation, alice: User) -> None:
    uk = case_create(actor=alice, organisation=org_a, reference="UK-1", forum="uk-ftt", country_of_return="CM",
                     applicant_name="Test Applicant", owner_id=alice.pk)
    removal = services.removal_set(actor="test", case=uk, changes={"removal_date": DAY, "identifier": "B1234567/2"})
    assert removal.identifier == "B1234567/2"


def test_the_free_text_is_encrypted_in_the_database(case: Case) -> None:
    services.removal_set(actor="test", case=case, changes={
        "removal_date": DAY, "detention_place": "Northside Processing Center", "identifier": "A123456789",
        "transfer_risk": "Transfer to Texas", "contact_arrangements": "Legal calls on Tuesdays"})
    with connection.cursor() as cursor:
        cursor.execute("SELECT detention_place, identifier, transfer_risk, contact_arrangements "
                       "FROM remedies_removal")
        row = cursor.fetchone()
    assert all(value.startswith("a3e1:") for value in row)
    assert "Northside" not in "".join(row) and "A123456789" not in "".join(row)


def test_the_emergency_page_saves_the_removal_and_explains_a_bad_number(case: Case, alice: User) -> None:
    client = client_for(alice)
    url = reverse("remedies_removal_save", kwargs={"case_id": case.public_id})
    bad = client.post(url, {"removal_date": "2026-12-20", "identifier": "12"})
    assert bad.status_code == 200
    text = bad.content.decode()
    assert "This is not in the format of the A-number" in text and "A123456789" in text
    assert not Removal.objects.filter(case=case).exists()  # nothing half-written
    done = client.post(url, {"removal_date": "2026-12-20", "removal_time": "06:30", "identifier": "A123456789",
                             "detention_place": "Northside"})
    assert done.status_code == 302
    removal = Removal.objects.get(case=case)
    assert removal.removal_time == datetime.time(6, 30)
    page = client.get(reverse("remedies_emergency", kwargs={"case_id": case.public_id})).content.decode()
    assert "Northside" in page and "(unverified" in page
    assert "stay_motion" not in page.replace('value="stay_motion"', "")  # no internal codes shown


def test_outsiders_and_viewers(case: Case, bob: User, charlie: User) -> None:
    services.removal_set(actor="test", case=case, changes={"removal_date": DAY})
    page = reverse("remedies_emergency", kwargs={"case_id": case.public_id})
    assert client_for(charlie).get(page).status_code == 404
    viewer = client_for(bob)
    assert viewer.get(page).status_code == 200
    save = reverse("remedies_removal_save", kwargs={"case_id": case.public_id})
    assert viewer.post(save, {"removal_date": "2027-01-01"}).status_code == 403
    assert client_for(charlie).post(save, {"removal_date": "2027-01-01"}).status_code == 404
    assert Removal.objects.get(case=case).removal_date == DAY
