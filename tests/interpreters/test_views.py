"""The interpreter list (Organisation) and a case's bookings (Hearing → Interpreters), through their pages."""

import datetime

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from article3.audit.models import AuditEntry
from article3.cases.models import Case
from article3.interpreters.models import Booking, Interpreter
from tests.interpreters.factories import booking_for, interpreter_for, needs_arabic

pytestmark = pytest.mark.django_db
LIST = "/org/interpreters/"
FORM = {"name": "Amal Hassan", "languages": "Arabic — Sudanese\nTigrinya", "gender": "woman",
        "qualifications": "Court certified", "contact": "amal@example.org", "conflicts": "", "active": "on"}


def test_the_list_starts_empty_and_takes_an_interpreter(as_alice: Client, alice: User) -> None:
    page = as_alice.get(LIST).content.decode()
    assert "No interpreters yet" in page
    response = as_alice.post(LIST, FORM, follow=True)
    page = response.content.decode()
    assert "Amal Hassan is on the interpreter list." in page
    assert "Arabic — Sudanese; Tigrinya" in page and "Court certified" in page
    interpreter = Interpreter.objects.get()
    assert interpreter.languages == [{"language": "ar", "dialect": "Sudanese"}, {"language": "ti", "dialect": ""}]
    entry = AuditEntry.objects.get(action="interpreters.interpreter.added")
    assert "Amal" not in str(entry.detail) + entry.object_key, "no names in the audit log"


def test_a_language_nobody_knows_is_refused_with_the_way_to_write_it(as_alice: Client) -> None:
    page = as_alice.post(LIST, {**FORM, "languages": "Klingonese"}).content.decode()
    assert "is not a language Article3 knows" in page and not Interpreter.objects.exists()


def test_edit_shows_the_languages_as_typed_and_refuses_a_stale_save(case: Case, as_alice: Client) -> None:
    interpreter = interpreter_for(case)
    url = reverse("org_interpreter_edit", kwargs={"pk": interpreter.pk})
    assert "Arabic — Sudanese" in as_alice.get(url).content.decode()
    saved = as_alice.post(url, {**FORM, "name": "Amal H.", "conflicts": "Sister of the feared officer",
                                "version": interpreter.version})
    assert saved.status_code == 302
    stale = as_alice.post(url, {**FORM, "version": interpreter.version})
    assert stale.status_code == 409 and "Someone else changed this interpreter" in stale.content.decode()
    interpreter.refresh_from_db()
    assert interpreter.name == "Amal H." and interpreter.conflicts == "Sister of the feared officer"


def test_delete_asks_first_and_says_what_happens_to_bookings(case: Case, as_alice: Client) -> None:
    interpreter = interpreter_for(case)
    booking_for(case, interpreter)
    url = reverse("org_interpreter_delete", kwargs={"pk": interpreter.pk})
    assert "booked 1 time on cases" in as_alice.get(url).content.decode()
    assert Interpreter.objects.exists()
    as_alice.post(url)
    assert not Interpreter.objects.exists() and Booking.objects.get().interpreter is None
    assert AuditEntry.objects.get(action="interpreters.interpreter.deleted").detail == {"bookings": 1}


def test_book_for_the_hearing_with_what_the_applicant_needs_filled_in(case: Case, as_alice: Client) -> None:
    from article3.hearing.care import care_set

    case = needs_arabic(case, hearing=datetime.date(2027, 2, 10))
    care_set(actor="test", case=case, expected_version=None, interpreter_gender="A woman, please")
    interpreter = interpreter_for(case, gender="woman")
    base = f"/cases/{case.public_id}/hearing/interpreters/"
    assert "No interpreter booked yet" in as_alice.get(base).content.decode()
    form = as_alice.get(base + "add/").context["form"]
    assert form.initial == {"kind": "hearing", "language": "Arabic", "dialect": "Sudanese", "gender": "woman"}
    response = as_alice.post(base + "add/", {"kind": "hearing", "language": "Arabic", "dialect": "Sudanese",
                                             "gender": "woman", "interpreter": interpreter.pk, "note": ""},
                             follow=True)
    page = response.content.decode()
    assert "Amal Hassan is booked for the hearing on 10 February 2027." in page
    assert "Wed 10 February 2027" in page and "interpreter-warnings" not in page
    assert AuditEntry.objects.filter(action="interpreters.booking.added", case_id=case.pk).exists()


def test_a_meeting_without_a_date_or_a_hearing_without_one_is_refused(case: Case, as_alice: Client) -> None:
    interpreter = interpreter_for(case)
    url = f"/cases/{case.public_id}/hearing/interpreters/add/"
    data = {"language": "ar", "interpreter": interpreter.pk}
    assert "Give the date of the meeting" in as_alice.post(url, {**data, "kind": "meeting"}).content.decode()
    assert "no hearing date yet" in as_alice.post(url, {**data, "kind": "hearing"}).content.decode()
    assert not Booking.objects.exists()


def test_another_organisations_interpreter_cannot_be_booked(case: Case, as_alice: Client, org_b: object) -> None:
    from article3.interpreters.services import interpreter_add

    theirs = interpreter_add(actor="test", organisation=org_b, name="Other", languages=[])
    response = as_alice.post(f"/cases/{case.public_id}/hearing/interpreters/add/", {
        "kind": "meeting", "date": "2027-01-05", "language": "ar", "interpreter": theirs.pk})
    assert response.status_code == 200 and not Booking.objects.exists()


def test_change_and_delete_a_booking(case: Case, as_alice: Client) -> None:
    booking = booking_for(case, interpreter_for(case))
    base = f"/cases/{case.public_id}/hearing/interpreters/{booking.pk}/"
    assert 'value="Arabic"' in as_alice.get(base + "edit/").content.decode()
    as_alice.post(base + "edit/", {"kind": "interview", "date": "2027-01-06", "time": "09:30", "language": "ti",
                                   "interpreter": booking.interpreter_id, "version": booking.version})
    booking.refresh_from_db()
    assert (booking.kind, booking.language, booking.date) == ("interview", "ti", datetime.date(2027, 1, 6))
    assert "Delete the booking of Amal Hassan for the interview on 6 January 2027?" in \
        as_alice.get(base + "delete/").content.decode()
    as_alice.post(base + "delete/")
    assert not Booking.objects.exists()


def test_the_overview_and_the_hearing_pages_warn(case: Case, alice: User) -> None:
    import time_machine

    from tests.conftest import client_for

    case = needs_arabic(case, hearing=datetime.date(2027, 2, 10))
    with time_machine.travel(datetime.datetime(2027, 1, 10, 12, tzinfo=datetime.UTC)):
        as_alice = client_for(alice)  # signed in on the day, so the session is fresh
        overview = as_alice.get(f"/cases/{case.public_id}/").content.decode()
        hearing = as_alice.get(f"/cases/{case.public_id}/hearing/").content.decode()
    assert "Needs an interpreter in <strong>Arabic (Sudanese)</strong>" in overview
    assert "No interpreter is booked for the hearing on 10 February 2027" in overview
    assert "interpreter-warnings" in hearing and "No interpreter is booked" in hearing
