"""Issue 14, "Deadlines": each finding of the outside audit of the rule packs and the engine,
as a test named for it with its source in the docstring."""

import datetime
import itertools

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from article3.cases.models import Case
from article3.deadlines import options
from article3.deadlines.engine import ComputedDeadline, DeadlineError, closed_reason, compute, is_business_day
from article3.deadlines.holiday_law import CanadaInterpretationAct
from article3.deadlines.models import Deadline
from article3.rulepacks import load_pack
from tests.conftest import client_for

D = datetime.date


def one(rule: str, *, forum: str, trigger: str, date: D, service: str | None = None) -> ComputedDeadline:
    found = [d for d in compute(forum=forum, trigger=trigger, date=date, service=service) if d.rule == rule]
    assert len(found) == 1
    return found[0]


# --- US: pre-hearing filings, non-detained individual hearings ------------------------------


def test_us_prehearing_30_days_since_dm_22_04_was_rescinded_in_february_2025() -> None:
    """EOIR's Acting Director "officially rescinded Director's Memorandum 22-04, a directive
    that had shortened the default filing deadline in non-detained immigration cases from 30
    days to 15 days before individual calendar hearings" (reported Feb. 16, 2025). Hearing Mon
    2026-03-16: day 30 is Sat 2026-02-14, Mon 2026-02-16 is Presidents' Day, so the ICPM roll
    gives Tue 2026-02-17, not Mon 2026-03-02 (the 15-day date the pack gave)."""
    d = one("prehearing_filing", forum="us-eoir", trigger="individual_hearing", date=D(2026, 3, 16))
    assert d.rule_day == D(2026, 2, 14)
    assert d.due == D(2026, 2, 17)
    assert d.due != D(2026, 3, 2)
    assert d.target == D(2026, 2, 13)  # the earliest candidate: the Friday before day 30
    assert d.verified is False  # the memo itself was not read
    assert "rescinded Director's Memorandum 22-04" in d.note


def test_us_prehearing_15_days_before_the_icpm_update_of_23_december_2020() -> None:
    """NIJC: "On December 23, 2020, the Executive Office for Immigration Review (EOIR) updated
    its Immigration Court Practice Manual. One of the updates ... changed the standard 15-day
    filing deadline for non-detained merits hearings to a 30-day filing deadline." Hearing Mon
    2020-11-16: day 15 is Sun 2020-11-01, rolled to Mon 2020-11-02."""
    d = one("prehearing_filing", forum="us-eoir", trigger="individual_hearing", date=D(2020, 11, 16))
    assert (d.rule_day, d.due) == (D(2020, 11, 1), D(2020, 11, 2))


def test_us_prehearing_history_has_four_sourced_unverified_intervals_without_gaps() -> None:
    """Errata, rules-research.md: "15 days until 22 Dec 2020; 30 days from the ICPM update of
    23 Dec 2020; 15 days again from the 2021/2022 change ...; 30 days from February 2025"; each
    interval carries its source and is unverified where the exact date was not confirmed from
    the EOIR memo or the manual itself."""
    pack = load_pack("us-eoir")
    versions = sorted(
        (r for r in pack.deadlines if r.id == "prehearing_filing" and r.applies(detained=False)),
        key=lambda r: r.effective_from or D.min,
    )
    assert [(v.period, v.effective_from, v.effective_to) for v in versions] == [
        (15, None, D(2020, 12, 22)),
        (30, D(2020, 12, 23), D(2022, 8, 25)),
        (15, D(2022, 8, 26), D(2025, 1, 31)),
        (30, D(2025, 2, 1), None),
    ]
    for earlier, later in itertools.pairwise(versions):
        assert earlier.effective_to is not None
        assert later.effective_from == earlier.effective_to + datetime.timedelta(days=1)
    for version in versions:
        assert version.source.citation and version.note
        assert version.source.verified is False
    changes = {c.id: c for c in pack.effective if "prehearing_filing" in c.rules}
    assert sorted(c.date for c in changes.values()) == [D(2020, 12, 23), D(2022, 8, 26), D(2025, 2, 1)]
    assert all(not c.source.verified for c in changes.values())


def test_us_prehearing_uncertain_switch_dates_aim_at_the_earlier_date() -> None:
    """Where the law is uncertain the interface aims the user at the earliest candidate date:
    the February 2025 memo's exact date was not confirmed, so 30 days (the earlier date)
    applies from 1 Feb 2025, and the 2021/2022 return to 15 days is taken at its latest
    reported date, 26 Aug 2022 (CLINIC)."""
    feb = one("prehearing_filing", forum="us-eoir", trigger="individual_hearing", date=D(2025, 2, 3))
    assert feb.rule_day == D(2025, 1, 4)  # 30 days
    summer = one("prehearing_filing", forum="us-eoir", trigger="individual_hearing", date=D(2022, 8, 1))
    assert summer.rule_day == D(2022, 7, 2)  # still 30 days
    assert "earlier date" in summer.note


# --- UK: Upper Tribunal and First-tier Tribunal time ----------------------------------------


def test_uk_upper_tribunal_renewed_permission_out_of_country_rolls_to_the_next_working_day() -> None:
    """Tribunal Procedure (Upper Tribunal) Rules 2008 r.12(2): "If the time specified by these
    Rules ... for doing any act ends on a day other than a working day, the act is done in time
    if it is done on the next working day." Refusal sent Sat 2026-01-31, one month is Sat
    2026-02-28, so Mon 2026-03-02."""
    d = one("ut_renewed_permission_out_of_country", forum="uk-ftt",
            trigger="ftt_permission_refusal_sent", date=D(2026, 1, 31))
    assert d.due == D(2026, 3, 2)
    assert d.target == D(2026, 2, 27)  # r.12 read only in a reproduction: aim at the Friday
    assert "r.12(2)" in " ".join(d.trace)


def test_uk_upper_tribunal_renewed_permission_in_country_rolls_over_christmas() -> None:
    """UT Rules 2008 r.12(2) and r.1(3) ("working day" excludes Christmas Day and bank
    holidays): refusal sent Fri 2026-12-11, day 14 is Fri 2026-12-25; Boxing Day falls on a
    Saturday and is observed on Mon 2026-12-28, so Tue 2026-12-29."""
    d = one("ut_renewed_permission_in_country", forum="uk-ftt",
            trigger="ftt_permission_refusal_sent", date=D(2026, 12, 11))
    assert (d.rule_day, d.due) == (D(2026, 12, 25), D(2026, 12, 29))
    assert d.target == D(2026, 12, 24)


def test_uk_ftt_rules_do_not_roll_until_rule_11_is_read() -> None:
    """FtT (IAC) Rules 2014 r.11 ("Calculating time") probably says what UT r.12(2) says, but
    it was not read (errata of rules-research.md): the FtT rules keep the earlier, unrolled
    date, aim at the working day before it, and say why."""
    pack = load_pack("uk-ftt")
    for rule in pack.deadlines:
        if rule.id.startswith(("ftt_", "ut_permission_")):
            assert rule.roll == "none" and rule.roll_rule is not None
            assert "r.11" in rule.roll_rule.text and rule.roll_rule.source.verified is False
    d = one("ftt_appeal_in_country", forum="uk-ftt", trigger="decision_sent", date=D(2026, 12, 11))
    assert d.due == D(2026, 12, 25) and d.target == D(2026, 12, 24)
    assert "not extended" in d.aim_reason


# --- Canada: Interpretation Act roll-over and federal holidays -------------------------------


def test_canada_rad_notice_rolls_over_victoria_day() -> None:
    """Interpretation Act s.26: "Where the time limited for the doing of a thing expires or
    falls on a holiday, the thing may be done on the day next following that is not a
    holiday." IRPR s.159.91(1): 15 days after receiving written reasons. Reasons received Sun
    2026-05-03: day 15 is Mon 2026-05-18 (Victoria Day), so Tue 2026-05-19."""
    d = one("rad_notice", forum="ca-irb", trigger="rpd_reasons_received", date=D(2026, 5, 3), service="personal")
    assert (d.rule_day, d.due) == (D(2026, 5, 18), D(2026, 5, 19))


def test_canada_rad_perfection_rolls_over_canada_day() -> None:
    """Interpretation Act s.26 and IRPR s.159.91(1) (perfect within 30 days): reasons received
    Mon 2026-06-01, day 30 is Wed 2026-07-01 (Canada Day), so Thu 2026-07-02."""
    d = one("rad_perfect", forum="ca-irb", trigger="rpd_reasons_received", date=D(2026, 6, 1), service="personal")
    assert (d.rule_day, d.due) == (D(2026, 7, 1), D(2026, 7, 2))


def test_canada_federal_court_leave_rolls_over_truth_and_reconciliation_day() -> None:
    """IRPA s.72(2)(b) (15 days after notification) with Interpretation Act ss.26 and 35(1),
    which lists the National Day for Truth and Reconciliation (S.C. 2021, c. 11): notified
    2026-09-15, day 15 is Wed 2026-09-30, so Thu 2026-10-01."""
    d = one("fc_leave_in_canada", forum="ca-irb", trigger="decision_notified", date=D(2026, 9, 15))
    assert d.due == D(2026, 10, 1)


def test_canada_federal_court_leave_rolls_over_remembrance_day() -> None:
    """Interpretation Act s.35(1) lists Remembrance Day: notified 2026-10-27, day 15 is Wed
    2026-11-11, so Thu 2026-11-12."""
    d = one("fc_leave_in_canada", forum="ca-irb", trigger="decision_notified", date=D(2026, 10, 27))
    assert d.due == D(2026, 11, 12)


def test_canada_federal_court_leave_ending_on_a_saturday_aims_at_the_friday() -> None:
    """IRPA s.72 and Saturdays: Federal Courts Rules r.6(1) covers time under the Rules, and
    Interpretation Act s.35(1) does not list Saturday, so whether a statutory 15-day period
    ending on a Saturday is extended is uncertain. Notified 2026-09-25: day 15 is Sat
    2026-10-10; aim at Fri 2026-10-09 and never at Mon 2026-10-12 (Thanksgiving)."""
    d = one("fc_leave_in_canada", forum="ca-irb", trigger="decision_notified", date=D(2026, 9, 25))
    assert d.target == D(2026, 10, 9)
    assert D(2026, 10, 12) not in (d.due, d.target)
    assert d.due == D(2026, 10, 10)
    assert "Saturday" in d.aim_reason and "uncertain" in d.aim_reason


def test_canada_rpd_disclosure_never_aims_at_victoria_day() -> None:
    """RPD Rules r.34(3): received no later than 10 days before the hearing. Hearing Thu
    2026-05-28: day 10 is Mon 2026-05-18, Victoria Day (Interpretation Act s.35(1)), when the
    IRB is closed: aim at Fri 2026-05-15."""
    d = one("rpd_disclosure", forum="ca-irb", trigger="rpd_hearing", date=D(2026, 5, 28))
    assert d.target == d.due == D(2026, 5, 15)


def test_canada_no_rule_aims_at_a_day_the_irb_or_federal_court_is_closed() -> None:
    """Issue 14: "no rule aims a user at a day the IRB or Federal Court is closed". Boxing Day
    is not a holiday in Interpretation Act s.35(1), so a limit falling on it is not rolled
    forward, but the federal offices close that day: hearing Mon 2026-01-05, day 10 is Fri
    2025-12-26, aim at Wed 2025-12-24; leave notified 2025-12-11, day 15 is Fri 2025-12-26,
    due that day, aim at Wed 2025-12-24 and say why."""
    disclosure = one("rpd_disclosure", forum="ca-irb", trigger="rpd_hearing", date=D(2026, 1, 5))
    assert disclosure.target == D(2025, 12, 24)
    leave = one("fc_leave_in_canada", forum="ca-irb", trigger="decision_notified", date=D(2025, 12, 11))
    assert (leave.due, leave.target) == (D(2025, 12, 26), D(2025, 12, 24))
    assert "Boxing Day" in leave.aim_reason


def test_canada_federal_calendar_is_the_interpretation_act_list() -> None:
    """Interpretation Act s.35(1): besides Sunday, New Year's Day, Good Friday, Canada Day,
    Labour Day and Christmas Day, "holiday" includes Easter Monday, Victoria Day, Thanksgiving,
    Remembrance Day and (since 2021) the National Day for Truth and Reconciliation. Boxing Day
    is not in the federal list; a Monday after a holiday on a Sunday is not rolled past (its
    rule was not read) but is never aimed at, the offices being closed."""
    calendar = CanadaInterpretationAct(years=[2020, 2023, 2026])
    for day in (D(2026, 4, 6), D(2026, 5, 18), D(2026, 9, 30), D(2026, 10, 12), D(2026, 11, 11)):
        assert day in calendar and not is_business_day(day, calendar="CA")
    assert D(2026, 12, 28) not in calendar and D(2026, 12, 26) not in calendar
    assert D(2020, 9, 30) not in calendar  # before S.C. 2021, c. 11
    assert D(2023, 1, 2) not in calendar  # New Year's Day 2023 was a Sunday: observed, not in the list
    assert closed_reason(D(2023, 1, 2), calendar="CA") is not None
    assert len([d for d in calendar if d.year == 2026]) == 10


def test_canada_prra_application_within_15_days_or_22_if_notified_by_mail() -> None:
    """IRPR ss.160-162 and IRCC's operational guidance: apply within 15 days after notification;
    notification by mail is given seven days after it was sent (22 days from mailing)."""
    in_person = one("prra_application", forum="ca-irb", trigger="prra_notification", date=D(2026, 6, 1),
                    service="personal")
    by_mail = one("prra_application", forum="ca-irb", trigger="prra_notification", date=D(2026, 6, 1),
                  service="mail")
    assert (in_person.due, by_mail.due) == (D(2026, 6, 16), D(2026, 6, 23))
    assert in_person.verified is False  # IRPR ss.160-162 not read


def test_canada_prra_submissions_within_a_further_15_days() -> None:
    """IRPR ss.161-162 and IRCC's guidance: written submissions within a further 15 days after
    the application. Application received Thu 2026-09-17: day 15 is Fri 2026-10-02."""
    d = one("prra_submissions", forum="ca-irb", trigger="prra_application_filed", date=D(2026, 9, 17))
    assert d.due == D(2026, 10, 2)


def test_canada_prra_events_are_offered_for_computing_but_not_as_decisions() -> None:
    """A PRRA notification tells the person they may apply (IRPR s.160); it is not a decision
    to appeal from, so the decision form does not offer it, while the compute form does."""
    decision_ids = {t.id for t in options.decision_triggers("ca-irb")}
    assert {"prra_notification", "prra_application_filed"}.isdisjoint(decision_ids)
    assert "rpd_reasons_received" in decision_ids
    assert {"prra_notification", "prra_application_filed"} <= {t.id for t in options.all_triggers("ca-irb")}


def test_canada_irb_document_by_regular_mail_is_received_seven_days_after_mailing() -> None:
    """RPD Rules: "A document provided by regular mail to a party is considered to be received
    seven days after the day it was mailed." RPD reasons mailed Mon 2026-02-02: received Mon
    2026-02-09, RAD notice 15 days later, Tue 2026-02-24."""
    d = one("rad_notice", forum="ca-irb", trigger="rpd_reasons_received", date=D(2026, 2, 2), service="mail")
    assert d.due == D(2026, 2, 24)
    assert "+7 days for service" in " ".join(d.trace)


# --- triggers, labels and the pages --------------------------------------------------------


def test_a_trigger_before_a_rules_effective_date_is_not_covered() -> None:
    """FtT IAC Rules 2014 r.33 as amended from 14 May 2018 ("sent" replaced "provided with"):
    reasons sent before that date are outside the pack, which must say so rather than report
    that the trigger starts no deadline."""
    with pytest.raises(DeadlineError) as raised:
        compute(forum="uk-ftt", trigger="ftt_reasons_sent", date=D(2018, 5, 1))
    message = str(raised.value)
    assert "does not cover" in message and "Mon 2018-05-14" in message
    assert "starts no deadline" not in message


def test_bia_motion_trigger_says_it_counts_from_the_date_rendered() -> None:
    """8 CFR 1003.2(c)(2): a motion to reopen no later than 90 days "after the date on which the
    final administrative decision was rendered"; the trigger label must not say only
    "mailed"."""
    trigger = load_pack("us-eoir").trigger("bia_decision")
    assert "rendered" in trigger.label and "mailed" not in trigger.label
    d = one("motion_to_reopen", forum="us-eoir", trigger="bia_decision", date=D(2026, 1, 15))
    assert "rendered" in d.trace[1]


def test_each_computed_rule_carries_its_last_verified_date() -> None:
    """Issue 14: every rule shows its last-verified date on the pages that use it."""
    d = one("bia_appeal", forum="us-eoir", trigger="ij_decision", date=D(2026, 6, 1), service="mail")
    assert d.last_verified == load_pack("us-eoir").last_verified
    assert d.as_json()["last_verified"] == d.last_verified.isoformat()
    rechecked = one("prehearing_filing", forum="us-eoir", trigger="individual_hearing", date=D(2026, 3, 16))
    assert rechecked.last_verified == D(2026, 12, 5) != load_pack("us-eoir").last_verified


@pytest.mark.django_db
def test_the_deadlines_page_shows_the_last_verified_date_and_why_to_aim_earlier(alice: User, case: Case) -> None:
    """The deadlines page shows each rule's last-verified date and, where the law is uncertain,
    why the date to aim for is earlier than the due date."""
    url = reverse("deadlines_compute", kwargs={"case_id": case.public_id})
    client_for(alice).post(url, {"trigger": "individual_hearing", "date": "2026-03-16"})
    (deadline,) = Deadline.objects.filter(case=case)
    assert deadline.target == D(2026, 2, 13) and deadline.aim_reason
    page = client_for(alice).get(reverse("deadlines_case", kwargs={"case_id": case.public_id})).content.decode()
    assert deadline.rule_checked_on == D(2026, 12, 5)  # the rule's own date, not the pack's
    assert "Rule last verified 5 Dec 2026" in page
    assert "Why earlier: it is counted back from the hearing" in page
    assert "aim for Fri 13 Feb 2026" in page


@pytest.mark.django_db
def test_a_service_the_trigger_does_not_take_is_refused_in_words(alice: User, case: Case) -> None:
    """The IRB regular-mail rule adds seven days only for mail; the form says which ways of
    service the pack counts, in words rather than codes."""
    Case.objects.filter(pk=case.pk).update(forum="ca-irb")
    url = reverse("deadlines_decision_add", kwargs={"case_id": case.public_id})
    page = client_for(alice).post(url, {"trigger": "rpd_reasons_received", "date": "2026-05-03",
                                        "service": "oral", "outcome": "denied"}).content.decode()
    assert "the rule pack counts only these ways of service" in page
    assert "sent by regular mail (enter the day mailed)" in page and "accepted: personal" not in page
    assert not Deadline.objects.filter(case=case).exists()
