"""The interpreting warnings: none booked for the hearing, and a booking that does not fit the need."""

import datetime

import pytest

from article3.cases.models import Case
from article3.claims.report import gap_report
from article3.interpreters.checks import interpreter_findings
from tests.interpreters.factories import booking_for, interpreter_for, needs_arabic

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2027, 1, 10)
HEARING = datetime.date(2027, 2, 10)


def codes(case: Case) -> list[str]:
    return [f.code for f in interpreter_findings(case=case, today=TODAY)]


def test_no_interpreter_for_the_hearing_is_high_until_one_is_booked(case: Case) -> None:
    case = needs_arabic(case, hearing=HEARING)
    [finding] = interpreter_findings(case=case, today=TODAY)
    assert finding.code == "interpreter_not_booked" and finding.severity == "high"
    assert finding.message == ("No interpreter is booked for the hearing on 10 February 2027 (31 days away), and "
                               "the applicant needs one in Arabic (Sudanese).")
    booking_for(case, interpreter_for(case), kind="meeting")
    assert codes(case) == ["interpreter_not_booked"], "a meeting is not the hearing"
    booking_for(case, interpreter_for(case), kind="hearing")
    assert codes(case) == []


def test_no_warning_without_a_need_or_a_coming_hearing(case: Case) -> None:
    assert codes(needs_arabic(case, hearing=None)) == []
    assert codes(needs_arabic(case, hearing=datetime.date(2027, 1, 9))) == [], "the hearing is over"
    case = needs_arabic(case, hearing=HEARING)
    case.applicant.interpreter_language = ""
    case.applicant.save()
    assert codes(case) == [], "the applicant needs no interpreter"


def test_a_booked_interpreter_who_does_not_fit_is_named_with_what_is_wrong(case: Case) -> None:
    case = needs_arabic(case, hearing=HEARING)
    interpreter = interpreter_for(case, name="Yonas Tesfaye", gender="man",
                                  languages=[{"language": "ti", "dialect": ""}],
                                  conflicts="Works for the government's interpreter service")
    booking_for(case, interpreter, kind="hearing", gender="woman")
    found = {f.code: f for f in interpreter_findings(case=case, today=TODAY)}
    assert set(found) == {"interpreter_language_mismatch", "interpreter_gender_mismatch", "interpreter_conflict"}
    assert all(f.severity == "high" for f in found.values())
    assert found["interpreter_language_mismatch"].message == (
        "Yonas Tesfaye, booked for the hearing on 10 February 2027, is not recorded as speaking Arabic.")
    assert found["interpreter_gender_mismatch"].message == (
        "The hearing on 10 February 2027 needs a woman to interpret; Yonas Tesfaye is a man.")
    assert "Works for the government's interpreter service" in found["interpreter_conflict"].message


def test_the_dialect_and_a_gender_not_recorded(case: Case) -> None:
    case = needs_arabic(case, hearing=HEARING)
    interpreter = interpreter_for(case, languages=[{"language": "ara", "dialect": "Levantine"}])
    booking_for(case, interpreter, kind="hearing", dialect="Sudanese", gender="woman")
    found = {f.code: f for f in interpreter_findings(case=case, today=TODAY)}
    assert set(found) == {"interpreter_dialect_unconfirmed", "interpreter_gender_mismatch"}
    assert found["interpreter_dialect_unconfirmed"].severity == "medium", "the language is right"
    assert found["interpreter_gender_mismatch"].message.endswith("Amal Hassan is not recorded as one.")


def test_past_bookings_are_not_checked_and_a_removed_interpreter_is(case: Case) -> None:
    from article3.interpreters.services import interpreter_delete

    case = needs_arabic(case, hearing=HEARING)
    wrong = interpreter_for(case, languages=[{"language": "fr", "dialect": ""}])
    booking_for(case, wrong, date=datetime.date(2027, 1, 2))
    assert codes(case) == ["interpreter_not_booked"]
    interpreter_delete(actor="test", interpreter=booking_for(case, interpreter_for(case), kind="hearing").interpreter)
    assert codes(case) == ["interpreter_not_booked", "interpreter_not_named"]


def test_the_gap_report_and_the_cockpit_carry_them(case: Case) -> None:
    import time_machine

    from article3.cases.cockpit import case_cockpit

    case = needs_arabic(case, hearing=HEARING)
    with time_machine.travel(datetime.datetime(2027, 1, 10, 12, tzinfo=datetime.UTC)):
        report = gap_report(case=case)
        cockpit = case_cockpit(case=case)
    assert "interpreter_not_booked" in [f.code for f in report.findings]
    [todo] = [t for t in cockpit.high_findings if "interpreter" in t.message]
    assert todo.url == f"/cases/{case.public_id}/hearing/interpreters/"
    assert todo.refs[0].label == "Interpreter bookings"
