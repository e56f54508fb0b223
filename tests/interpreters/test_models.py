"""The interpreter list and bookings as stored: languages read from what people type, names encrypted,
a hearing's booking dated by the case."""

import datetime

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.db import connection

from article3.cases.models import Case
from article3.interpreters.languages import canonical, format_spoken, language_code, language_name, parse_spoken
from article3.interpreters.models import Booking
from tests.interpreters.factories import booking_for, interpreter_for, needs_arabic


def test_languages_are_read_by_name_or_code_with_their_dialects() -> None:
    assert parse_spoken("Arabic — Sudanese\nTigrinya; fr (Cameroon)\nPashto - Kandahari\n") == [
        {"language": "ar", "dialect": "Sudanese"}, {"language": "ti", "dialect": ""},
        {"language": "fr", "dialect": "Cameroon"}, {"language": "ps", "dialect": "Kandahari"}]
    assert language_code("tir") == "ti" and language_code("Farsi") == "fa" and language_code("fr-CM") == "fr-CM"
    with pytest.raises(forms.ValidationError, match="not a language Article3 knows"):
        parse_spoken("Arabic\nKlingonese")


def test_languages_are_shown_and_compared_in_words() -> None:
    assert language_name("ar") == "Arabic" and language_name("fr-CM") == "French (Cameroon)"
    assert language_name("Sorani-ish") == "Sorani-ish", "text that is no code is kept as written"
    assert canonical("ara") == canonical("ar-SD") == canonical("AR") == "ar"
    spoken = parse_spoken("Arabic — Sudanese\nTigrinya")
    assert parse_spoken(format_spoken(spoken)) == spoken, "the edit form shows what it reads back"


@pytest.mark.django_db
def test_names_contacts_and_conflicts_are_encrypted_at_rest(case: Case) -> None:
    interpreter = interpreter_for(case, contact="+44 7700 900123", conflicts="Cousin of the feared colonel")
    booking = booking_for(case, interpreter, dialect="Sudanese", note="Bring the summons")
    with connection.cursor() as cursor:
        cursor.execute("SELECT name, contact, conflicts, languages FROM interpreters_interpreter WHERE id = %s",
                       [interpreter.pk])
        stored = " ".join(cursor.fetchone())
        cursor.execute("SELECT dialect, note FROM interpreters_booking WHERE id = %s", [booking.pk])
        stored += " ".join(cursor.fetchone())
    for text in ("Amal", "7700", "colonel", "Sudanese", "summons"):
        assert text not in stored


@pytest.mark.django_db
def test_a_hearing_booking_takes_the_case_hearing_date_and_moves_with_it(case: Case) -> None:
    from article3.interpreters.selectors import booking_date

    case = needs_arabic(case, hearing=datetime.date(2027, 2, 10))
    booking = booking_for(case, interpreter_for(case), kind="hearing", date=datetime.date(2027, 3, 1))
    assert booking.date is None and booking_date(booking) == datetime.date(2027, 2, 10)
    Case.objects.filter(pk=case.pk).update(hearing_date=datetime.date(2027, 4, 1))
    assert booking_date(Booking.objects.get(pk=booking.pk)) == datetime.date(2027, 4, 1)


@pytest.mark.django_db
def test_a_meeting_needs_its_date(case: Case) -> None:
    with pytest.raises(ValidationError):
        Booking(case=case, kind="meeting", language="ar").full_clean()
    with pytest.raises(ValidationError):
        Booking(case=case, kind="hearing", date=datetime.date(2027, 1, 1), language="ar").full_clean()


@pytest.mark.django_db
def test_deleting_an_interpreter_keeps_their_bookings_without_a_name(case: Case) -> None:
    from article3.interpreters.services import interpreter_delete

    interpreter = interpreter_for(case)
    booking = booking_for(case, interpreter)
    interpreter_delete(actor="test", interpreter=interpreter)
    assert Booking.objects.get(pk=booking.pk).interpreter is None
