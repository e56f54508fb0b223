"""The deadline engine against the worked examples of rules-research.md section 4, further
cases derived from the rules, and property tests of the calendar arithmetic."""

import datetime
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from article3.deadlines.engine import (
    ComputedDeadline,
    DeadlineError,
    add_months,
    compute,
    holiday_languages,
    holiday_name,
    is_business_day,
    non_business_reason,
    roll_date,
    shift,
)

D = datetime.date
CALENDARS = ["US", "GB-ENG", "CA", None]


def one(
    rule: str,
    *,
    forum: str,
    trigger: str,
    date: D,
    service: str | None = None,
    detained: bool = False,
) -> ComputedDeadline:
    """The single deadline `rule` among those the trigger starts."""
    found = compute(forum=forum, trigger=trigger, date=date, service=service, detained=detained)
    matching = [d for d in found if d.rule == rule]
    assert len(matching) == 1, [d.rule for d in found]
    return matching[0]


# --- worked examples of the research notes, section 4 ------------------------------------


def test_us_petition_for_review_source_example() -> None:
    # Order Fri Nov 15 2002; day 30 is Sun Dec 15; due Mon Dec 16 (Nahatchevska).
    d = one("petition_for_review", forum="us-eoir", trigger="final_order", date=D(2002, 11, 15))
    assert (d.rule_day, d.due, d.filing, d.verified) == (
        D(2002, 12, 15),
        D(2002, 12, 16),
        "received",
        True,
    )


@pytest.mark.parametrize(
    ("mailed", "due"),
    [(D(2026, 6, 1), D(2026, 7, 1)), (D(2026, 8, 7), D(2026, 9, 8))],
)
def test_us_bia_appeal(mailed: D, due: D) -> None:
    d = one("bia_appeal", forum="us-eoir", trigger="ij_decision", date=mailed, service="mail")
    assert d.due == due and d.target == due
    assert d.verified and d.confidence == "H"


def test_us_bia_appeal_trace_over_labor_day() -> None:
    d = one(
        "bia_appeal", forum="us-eoir", trigger="ij_decision", date=D(2026, 8, 7), service="mail"
    )
    assert d.trace[:2] == [
        "Rule: BIA appeal (Form EOIR-26), 8 CFR 1003.38(b) (verified)",
        "Trigger: IJ decision mailed Fri 2026-08-07",
    ]
    assert "30 calendar days after → Sun 2026-09-06" in d.trace
    assert "Sun 2026-09-06 is a weekend → Mon 2026-09-07 is Labor Day → Tue 2026-09-08" in d.trace


def test_us_motion_to_reconsider_over_presidents_day() -> None:
    d = one("motion_to_reconsider", forum="us-eoir", trigger="bia_decision", date=D(2026, 1, 15))
    assert d.due == D(2026, 2, 17)
    assert "30 calendar days after → Sat 2026-02-14" in d.trace
    assert (
        "Sat 2026-02-14 is a weekend → Sun 2026-02-15 is a weekend → "
        "Mon 2026-02-16 is Washington's Birthday → Tue 2026-02-17"
    ) in d.trace
    # The notes: the roll-over for motions rests on regulation text nobody read (U).
    assert d.verified is False and d.confidence == "U"
    assert d.trace[0].endswith("(unverified)")
    assert any(line.startswith("Unverified roll-over rule:") for line in d.trace)


def test_us_motion_to_reopen() -> None:
    d = one("motion_to_reopen", forum="us-eoir", trigger="bia_decision", date=D(2026, 1, 15))
    # Day 90 is a business day, so the unverified roll-over rule is not relied on.
    assert (d.due, d.verified, d.confidence) == (D(2026, 4, 15), True, "M")


def test_us_individual_hearing_at_15_days_between_2022_and_2025() -> None:
    d = one("prehearing_filing", forum="us-eoir", trigger="individual_hearing", date=D(2024, 3, 18))
    assert d.rule_day == D(2024, 3, 3)  # Sun, day 15
    assert d.due == D(2024, 3, 4)  # rolled forward by the ICPM text
    assert d.target is not None and d.target <= d.due
    assert d.target == D(2024, 3, 1)  # the last business day on or before day 15
    assert "Target: Fri 2024-03-01, the last business day on or before the rule day" in d.trace


def test_uk_appeal_in_country() -> None:
    d = one("ftt_appeal_in_country", forum="uk-ftt", trigger="decision_sent", date=D(2026, 3, 2))
    assert (d.due, d.filing, d.verified) == (D(2026, 3, 16), "received", True)


def test_canada_rad_notice_and_perfection() -> None:
    found = {
        d.rule: d.due
        for d in compute(
            forum="ca-irb", trigger="rpd_reasons_received", date=D(2026, 2, 2), service="personal"
        )
    }
    assert found == {"rad_notice": D(2026, 2, 17), "rad_perfect": D(2026, 3, 4)}


def test_canada_federal_court_leave() -> None:
    d = one("fc_leave_in_canada", forum="ca-irb", trigger="decision_notified", date=D(2026, 7, 20))
    assert (d.due, d.verified) == (D(2026, 8, 4), True)
    outside = one(
        "fc_leave_outside_canada", forum="ca-irb", trigger="decision_notified", date=D(2026, 7, 20)
    )
    assert outside.due == D(2026, 9, 18)


def test_echr_four_months_not_extended() -> None:
    d = one("application", forum="echr", trigger="final_domestic_decision", date=D(2026, 4, 9))
    assert d.due == D(2026, 8, 9)  # a Sunday, and it stays there (Sabri Güneş)
    assert d.target == D(2026, 8, 7)  # "so dispatch by Fri. Aug. 7"
    assert d.filing == "dispatched"
    assert "Sun 2026-08-09 is a weekend; not extended" in d.trace
    # The start day and month arithmetic are U in the notes.
    assert d.verified is False
    assert any(line.startswith("Unverified counting:") for line in d.trace)


# --- further cases derived from the rules ------------------------------------------------


def test_us_bia_appeal_over_independence_day_observed() -> None:
    d = one(
        "bia_appeal", forum="us-eoir", trigger="ij_decision", date=D(2026, 6, 3), service="oral"
    )
    assert d.due == D(2026, 7, 6)
    assert (
        "Fri 2026-07-03 is Independence Day (observed) → Sat 2026-07-04 is a weekend → "
        "Sun 2026-07-05 is a weekend → Mon 2026-07-06"
    ) in d.trace
    assert "Trigger: IJ decision given orally Wed 2026-06-03" in d.trace


def test_us_hearing_before_the_2022_switch_uses_30_days() -> None:
    d = one("prehearing_filing", forum="us-eoir", trigger="individual_hearing", date=D(2022, 8, 15))
    assert d.rule_day == D(2022, 7, 16)  # Sat
    assert (d.due, d.target) == (D(2022, 7, 18), D(2022, 7, 15))


def test_us_detained_hearing_has_no_computed_date() -> None:
    (d,) = compute(
        forum="us-eoir", trigger="individual_hearing", date=D(2026, 3, 16), detained=True
    )
    assert d.rule == "prehearing_filing"
    assert (d.due, d.target, d.rule_day) == (None, None, None)
    assert "set" in d.note and "court" in d.note
    assert "No fixed time limit (see the note)" in d.trace


def test_us_changed_country_conditions_has_no_limit() -> None:
    d = one(
        "motion_to_reopen_changed_country_conditions",
        forum="us-eoir",
        trigger="bia_decision",
        date=D(2026, 1, 15),
    )
    assert d.due is None and "No time or number limit" in d.note


def test_uk_deadline_on_a_bank_holiday_is_not_rolled_and_not_verified() -> None:
    # Sent Mon 14 Dec 2026: day 14 is Mon 28 Dec, Boxing Day (observed). The 2014 rules on
    # time were not read (U), so the date stays and the result is unverified.
    d = one("ftt_appeal_in_country", forum="uk-ftt", trigger="decision_sent", date=D(2026, 12, 14))
    assert d.due == D(2026, 12, 28)
    assert d.target == D(2026, 12, 24)
    assert d.verified is False
    assert "Mon 2026-12-28 is Boxing Day (observed); not extended" in d.trace


def test_uk_renewed_permission_one_month_clamps_to_month_end() -> None:
    d = one(
        "ut_renewed_permission_out_of_country",
        forum="uk-ftt",
        trigger="ftt_permission_refusal_sent",
        date=D(2026, 1, 31),
    )
    # Feb 28 2026 is a Saturday: UT r.12(2) moves it to Monday; that text was read only in a
    # reproduction, so the target stays on the Friday before and the result is unverified.
    assert (d.rule_day, d.due) == (D(2026, 2, 28), D(2026, 3, 2))
    assert d.target == D(2026, 2, 27)
    assert d.verified is False


def test_canada_leave_rolls_over_canada_day_but_saturday_is_unverified() -> None:
    d = one("fc_leave_in_canada", forum="ca-irb", trigger="decision_notified", date=D(2026, 6, 16))
    assert (d.rule_day, d.due) == (D(2026, 7, 1), D(2026, 7, 2))
    assert d.verified is False  # whether Saturday is a holiday under the FC Rules is U


def test_canada_disclosure_rolls_back_before_a_holiday() -> None:
    d = one("rpd_disclosure_response", forum="ca-irb", trigger="rpd_hearing", date=D(2026, 7, 6))
    assert d.rule_day == D(2026, 7, 1)  # Canada Day
    assert d.due == d.target == D(2026, 6, 30)


def test_echr_month_ends_and_leap_years() -> None:
    def due(decided: D) -> D | None:
        return one("application", forum="echr", trigger="final_domestic_decision", date=decided).due

    assert due(D(2025, 10, 31)) == D(2026, 2, 28)
    assert due(D(2023, 10, 31)) == D(2024, 2, 29)
    assert due(D(2022, 2, 1)) == D(2022, 6, 1)  # first day of the 4-month rule
    assert due(D(2022, 1, 31)) == D(2022, 7, 31)  # 6 months before Protocol 15 applied


def test_echr_clamp_is_explained() -> None:
    d = one("application", forum="echr", trigger="final_domestic_decision", date=D(2025, 10, 31))
    assert "4 months after → Sat 2026-02-28 (the month has no day 31: its last day)" in d.trace


def test_un_cat_communication_has_no_deadline_and_is_unverified() -> None:
    found = {
        d.rule: d
        for d in compute(forum="un-cat", trigger="final_domestic_decision", date=D(2026, 5, 1))
    }
    assert set(found) == {"communication", "interim_measures_request"}
    communication = found["communication"]
    assert communication.due is None and communication.verified is False
    assert "No filing deadline in the Convention" in communication.note
    assert found["interim_measures_request"].verified is True


def test_uk_permission_before_2018_switch_is_not_covered() -> None:
    with pytest.raises(DeadlineError, match="does not cover"):
        compute(forum="uk-ftt", trigger="ftt_reasons_sent", date=D(2018, 5, 1))


def test_as_json() -> None:
    d = one("application", forum="echr", trigger="final_domestic_decision", date=D(2026, 4, 9))
    data = d.as_json()
    assert {"rule", "due", "filing", "citation", "verified", "trace"} <= set(data)
    assert (data["due"], data["target"], data["rule"]) == (
        "2026-08-09",
        "2026-08-07",
        "application",
    )
    assert json.loads(json.dumps(data)) == data
    undated = one(
        "rule39_request", forum="echr", trigger="final_domestic_decision", date=D(2026, 4, 9)
    )
    assert undated.as_json()["due"] is None


# --- errors ----------------------------------------------------------------------------------


def test_unknown_forum_lists_the_accepted() -> None:
    with pytest.raises(DeadlineError, match=r"unknown forum 'xx'; accepted: ca-irb, echr, generic"):
        compute(forum="xx", trigger="final_order", date=D(2026, 1, 1))


def test_unknown_trigger_lists_the_accepted() -> None:
    with pytest.raises(
        DeadlineError,
        match=r"unknown trigger 'hearing' for echr; accepted: final_domestic_decision",
    ):
        compute(forum="echr", trigger="hearing", date=D(2026, 1, 1))


def test_generic_has_no_triggers() -> None:
    with pytest.raises(DeadlineError, match=r"accepted: none"):
        compute(forum="generic", trigger="final_order", date=D(2026, 1, 1))


def test_service_is_checked() -> None:
    with pytest.raises(
        DeadlineError, match=r"unknown service 'fax' .* accepted: oral, mail, electronic"
    ):
        compute(forum="us-eoir", trigger="ij_decision", date=D(2026, 1, 1), service="fax")
    with pytest.raises(DeadlineError, match=r"needs a service; accepted: oral, mail, electronic"):
        compute(forum="us-eoir", trigger="ij_decision", date=D(2026, 1, 1))
    with pytest.raises(DeadlineError, match=r"takes no service"):
        compute(forum="us-eoir", trigger="final_order", date=D(2026, 1, 1), service="mail")


def test_a_datetime_is_refused() -> None:
    with pytest.raises(DeadlineError, match="calendar date"):
        compute(
            forum="echr", trigger="final_domestic_decision", date=datetime.datetime(2026, 1, 1, 9)
        )


# --- calendar arithmetic ---------------------------------------------------------------------


def test_add_months() -> None:
    assert add_months(D(2026, 1, 31), months=1) == D(2026, 2, 28)
    assert add_months(D(2024, 1, 31), months=1) == D(2024, 2, 29)
    assert add_months(D(2026, 11, 15), months=3) == D(2027, 2, 15)
    assert add_months(D(2026, 3, 31), months=-1) == D(2026, 2, 28)
    assert add_months(D(2026, 1, 15), months=-13) == D(2024, 12, 15)


def test_business_days() -> None:
    # Fri 3 July 2026 is Independence Day (observed) in the US calendar.
    assert shift(
        D(2026, 7, 2), period=1, unit="business_days", direction="after", calendar="US"
    ) == D(2026, 7, 6)
    assert shift(
        D(2026, 7, 6), period=1, unit="business_days", direction="before", calendar="US"
    ) == D(2026, 7, 2)
    assert shift(
        D(2026, 7, 2), period=1, unit="business_days", direction="after", calendar=None
    ) == D(2026, 7, 3)


def test_observed_holidays_count_across_years() -> None:
    assert non_business_reason(D(2021, 12, 31), calendar="US") == "New Year's Day (observed)"
    assert non_business_reason(D(2026, 12, 28), calendar="GB-ENG") == "Boxing Day (observed)"
    assert non_business_reason(D(2026, 7, 1), calendar="CA") == "Canada Day"
    assert non_business_reason(D(2026, 7, 1), calendar="US") is None


def test_holidays_are_named_in_english_unless_another_language_is_asked_for() -> None:
    """The record names holidays in the calendar's English; a page may ask the holidays package for its
    names in another language, which it has for Canada in French (the Interpretation Act list included)."""
    assert holiday_name(D(2026, 7, 1), calendar="CA") == "Canada Day"
    assert holiday_name(D(2026, 7, 1), calendar="CA", language="fr") == "Fête du Canada"
    assert holiday_name(D(2026, 12, 28), calendar="CA", closure=True) == "Boxing Day (observed)"
    assert holiday_name(D(2026, 12, 28), calendar="CA") is None, "not a holiday in the statute"
    assert "fr" in holiday_languages("CA") and "fr" not in holiday_languages("US")
    assert holiday_name(D(2026, 9, 7), calendar="US", language="fr") == "Labor Day", "no French: the English"


dates = st.dates(min_value=D(1990, 1, 1), max_value=D(2060, 12, 31))
calendars = st.sampled_from(CALENDARS)


@settings(deadline=None)
@given(day=dates, calendar=calendars)
def test_rolling_forward_lands_on_the_first_business_day(day: D, calendar: str | None) -> None:
    rolled = roll_date(day, how="next_business_day", calendar=calendar).day
    assert rolled >= day
    assert is_business_day(rolled, calendar=calendar)
    skipped = (day + datetime.timedelta(days=n) for n in range((rolled - day).days))
    assert not any(is_business_day(d, calendar=calendar) for d in skipped)


@settings(deadline=None)
@given(day=dates, calendar=calendars)
def test_rolling_back_never_goes_after_the_raw_date(day: D, calendar: str | None) -> None:
    rolled = roll_date(day, how="previous_business_day", calendar=calendar).day
    assert rolled <= day
    assert is_business_day(rolled, calendar=calendar)


@settings(deadline=None)
@given(day=dates, calendar=calendars)
def test_roll_none_never_moves(day: D, calendar: str | None) -> None:
    assert roll_date(day, how="none", calendar=calendar).day == day


@settings(deadline=None)
@given(decided=st.dates(min_value=D(2015, 1, 1), max_value=D(2060, 12, 31)))
def test_echr_deadline_is_never_extended(decided: D) -> None:
    d = one("application", forum="echr", trigger="final_domestic_decision", date=decided)
    months = 4 if decided >= D(2022, 2, 1) else 6
    assert d.due == d.rule_day == add_months(decided, months=months)
    assert d.target is not None and d.target <= d.due
    assert is_business_day(d.target, calendar=None)


@settings(deadline=None)
@given(decided=dates, service=st.sampled_from(["oral", "mail", "electronic"]))
def test_us_bia_appeal_is_always_a_business_day_on_or_after_day_30(
    decided: D, service: str
) -> None:
    d = one("bia_appeal", forum="us-eoir", trigger="ij_decision", date=decided, service=service)
    assert d.due is not None and d.rule_day == decided + datetime.timedelta(days=30)
    assert d.due >= d.rule_day and is_business_day(d.due, calendar="US")


@settings(deadline=None)
@given(hearing=st.dates(min_value=D(2022, 8, 26), max_value=D(2025, 1, 31)))
def test_us_prehearing_target_never_after_day_15(hearing: D) -> None:
    d = one("prehearing_filing", forum="us-eoir", trigger="individual_hearing", date=hearing)
    assert d.target is not None and d.rule_day is not None and d.due is not None
    assert d.rule_day == hearing - datetime.timedelta(days=15)
    assert d.target <= d.rule_day <= d.due
    assert is_business_day(d.target, calendar="US")


@settings(deadline=None)
@given(hearing=st.dates(min_value=D(2025, 2, 1), max_value=D(2060, 12, 31)))
def test_us_prehearing_target_never_after_day_30_from_february_2025(hearing: D) -> None:
    d = one("prehearing_filing", forum="us-eoir", trigger="individual_hearing", date=hearing)
    assert d.target is not None and d.rule_day is not None and d.due is not None
    assert d.rule_day == hearing - datetime.timedelta(days=30)
    assert d.target <= d.rule_day <= d.due
    assert is_business_day(d.target, calendar="US")


@given(day=dates, months=st.integers(min_value=-240, max_value=240))
def test_add_months_keeps_the_day_or_clamps_to_the_month_end(day: D, months: int) -> None:
    moved = add_months(day, months=months)
    assert (moved.year * 12 + moved.month) - (day.year * 12 + day.month) == months
    if moved.day != day.day:
        assert moved.day < day.day and (moved + datetime.timedelta(days=1)).day == 1
