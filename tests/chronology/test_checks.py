from datetime import date

import pytest

from article3.chronology.checks import (
    AccountView,
    Chronology,
    EventView,
    SourceRef,
    possible_ages,
    run_checks,
)
from article3.chronology.dates import FuzzyDate
from article3.chronology.places import normalise_place, places_agree
from article3.findings import Finding

P = FuzzyDate.parse
DECL = SourceRef("d-declaration", "Declaration ¶14")
MED = SourceRef("d-medical", "Medical report p.1")
INTERVIEW = SourceRef("interview:cfi", "Credible fear interview")


def account(
    source: SourceRef,
    when: str | None = None,
    *,
    n: int = 0,
    place: str | None = None,
    age: int | None = None,
) -> AccountView:
    return AccountView(
        key=f"e-arrest#{n}",
        source=source,
        date=P(when) if when else None,
        place=place,
        age_stated=age,
    )


def event(
    *accounts: AccountView,
    key: str = "e-arrest",
    kind: str = "detention",
    when: str | None = None,
    **extra: object,
) -> EventView:
    return EventView(
        key=key,
        kind=kind,
        title=f"Title {key}",
        date=P(when) if when else None,
        accounts=accounts,
        **extra,  # type: ignore[arg-type]
    )


def chronology(*events: EventView, birth: str | None = None, **documents: str) -> Chronology:
    dated = {key.replace("_", "-"): P(value) for key, value in documents.items()}
    return Chronology(events=events, birth_date=P(birth) if birth else None, document_dates=dated)


def codes(findings: list[Finding]) -> list[str]:
    return [f.code for f in findings]


# --- date_conflict -------------------------------------------------------------------------


def test_accounts_that_agree_report_nothing() -> None:
    chron = chronology(
        event(
            account(DECL, "2019-03-14/2019-03-19", place="Bamenda", age=17),
            account(MED, "2019-03", n=1, place="Bamenda, North-West Region"),
            account(INTERVIEW, "~2019", n=2),
            when="2019-03-14/2019-03-19",
            place="Bamenda, North-West Region",
        ),
        birth="2001-06-02",
    )
    assert run_checks(chron) == []


def test_two_accounts_with_incompatible_dates() -> None:
    chron = chronology(event(account(DECL, "2019-03-14/2019-03-19"), account(MED, "2019-04", n=1)))
    [finding] = run_checks(chron)
    assert finding.code == "date_conflict"
    assert finding.severity == "high"
    assert finding.refs == ("e-arrest", "e-arrest#0", "d-declaration", "e-arrest#1", "d-medical")
    assert "Declaration ¶14 gives 14\u201319 March 2019" in finding.message
    assert "Medical report p.1 gives April 2019" in finding.message
    assert "Title e-arrest" in finding.message
    assert "Ask the client" in finding.advice


def test_event_date_against_an_account() -> None:
    [finding] = run_checks(chronology(event(account(DECL, "2018"), when="2019-03")))
    assert finding.code == "date_conflict"
    assert finding.refs == ("e-arrest", "e-arrest#0", "d-declaration")
    assert "the chronology gives March 2019" in finding.message
    assert "correct the event's date in the chronology" in finding.advice


@pytest.mark.parametrize(
    ("first", "second", "conflict"),
    [
        ("2019-03-14", "2019-03-15", True),
        ("2019-03", "2019-03-31", False),
        ("2019-03-14/2019-03-19", "2019-03-19", False),
        ("2019-03-14/2019-03-19", "2019-03-20", True),
        ("2019/2019-03", "2019-04", True),
        ("2019", "2019-12", False),
        ("~2019-03", "2019-04-30", False),  # within the 30-day margin
        ("~2019-03", "2019-05-01", True),  # 31 days after the end of March
        ("~2019-03", "~2019-05", False),  # two approximate dates both widen
    ],
)
def test_date_precision_ranges_and_margin(first: str, second: str, conflict: bool) -> None:
    chron = chronology(event(account(DECL, first), account(MED, second, n=1)))
    assert codes(run_checks(chron, margin_days=30)) == (["date_conflict"] if conflict else [])


def test_margin_is_a_parameter() -> None:
    chron = chronology(event(account(DECL, "~2019-03"), account(MED, "2019-04-20", n=1)))
    assert codes(run_checks(chron, margin_days=10)) == ["date_conflict"]
    assert run_checks(chron, margin_days=20) == []


def test_undated_accounts_are_not_compared() -> None:
    assert run_checks(chronology(event(account(DECL), account(MED, "2019", n=1)))) == []


def test_one_disagreement_between_many_sources_is_one_finding_listing_them() -> None:
    """Three sources giving three years were three findings, one per pair; it is one disagreement."""
    chron = chronology(
        event(account(DECL, "2017"), account(MED, "2018", n=1), account(INTERVIEW, "2019", n=2))
    )
    [finding] = run_checks(chron)
    assert [r for r in finding.refs if "#" in r] == ["e-arrest#0", "e-arrest#1", "e-arrest#2"]
    assert "they cannot all be true" in finding.message
    assert finding.message.index("2017") < finding.message.index("2018") < finding.message.index("2019")


def test_sources_that_agree_with_each_other_are_grouped() -> None:
    chron = chronology(event(account(DECL, "2019-03"), account(INTERVIEW, "2019-03", n=2),
                             account(MED, "2020-06", n=1), when="2019-03"))
    [finding] = run_checks(chron)
    assert "the chronology, Declaration ¶14 and " in finding.message and " give March 2019" in finding.message
    assert "Medical report p.1 gives June 2020; both cannot be true." in finding.message


# --- age_conflict --------------------------------------------------------------------------


def _age_case(age: int, when: str, birth: str = "2001-06-02") -> list[Finding]:
    return run_checks(chronology(event(account(DECL, when, age=age)), birth=birth))


@pytest.mark.parametrize(
    ("age", "when", "conflict"),
    [
        (17, "2019-06-01", False),  # the day before the 18th birthday: still 17 ...
        (18, "2019-06-01", True),
        (17, "2019-06-02", True),  # ... and 18 on the birthday itself
        (18, "2019-06-02", False),
        (16, "2019-06-01", True),
        (17, "2019-06", False),  # June 2019: 17 before the 2nd, 18 from it
        (18, "2019-06", False),
        (19, "2019-06", True),
        (17, "2019", False),
        (18, "2019", False),
        (16, "2019", True),
        (19, "2019", True),
    ],
)
def test_age_at_birthday_boundaries(age: int, when: str, conflict: bool) -> None:
    assert codes(_age_case(age, when)) == (["age_conflict"] if conflict else [])


def test_age_uses_the_event_date_when_the_account_has_none() -> None:
    chron = chronology(event(account(DECL, age=25), when="2019-03-14"), birth="2001-06-02")
    [finding] = run_checks(chron)
    assert finding.code == "age_conflict"
    assert finding.severity == "high"  # 25 against 17: not a counting slip
    assert "gives the applicant's age as 25" in finding.message
    assert "the applicant was 17" in finding.message
    assert finding.refs == ("e-arrest", "e-arrest#0", "d-declaration")


def test_one_year_off_is_medium() -> None:
    [finding] = _age_case(18, "2019-03-14")
    assert finding.severity == "medium"


def test_fuzzy_birth_date_widens_the_possible_ages() -> None:
    assert _age_case(17, "2019-03-14", birth="2001") == []
    assert _age_case(18, "2019-03-14", birth="2001") == []
    assert codes(_age_case(16, "2019-03-14", birth="2001")) == ["age_conflict"]
    # Born in 2001, one is at most 17 in December 2018; "about 2001" reaches 30 days back
    # into December 2000, which makes 18 possible by mid-December 2018.
    assert codes(_age_case(18, "2018-12-15", birth="2001")) == ["age_conflict"]
    assert _age_case(18, "2018-12-15", birth="~2001") == []


def test_leap_day_birthday() -> None:
    assert possible_ages(birth=P("2004-02-29"), on=P("2021-02-28"), margin_days=0) == (16, 16)
    assert possible_ages(birth=P("2004-02-29"), on=P("2021-03-01"), margin_days=0) == (17, 17)
    assert possible_ages(birth=P("2004-02-29"), on=P("2024-02-29"), margin_days=0) == (20, 20)


def test_date_before_birth() -> None:
    [finding] = _age_case(3, "1999", birth="2001-06-02")
    assert "was not yet born" in finding.message


def test_ages_of_others_and_without_birth_date_are_not_checked() -> None:
    others = event(account(DECL, "2019-03-14", age=50), concerns_applicant=False)
    assert run_checks(chronology(others, birth="2001-06-02")) == []
    assert run_checks(chronology(event(account(DECL, "2019-03-14", age=50)))) == []


# --- place_conflict ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b", "agree"),
    [
        ("Bamenda", "Bamenda, North-West Region", True),
        ("North-West Region", "Bamenda, North-West Region", True),
        ("BAMENDA.", "bamenda", True),
        ("Yaoundé", "Yaounde", True),
        ("\uff39\uff41\uff4f\uff55\uff4e\uff44\uff45", "yaounde", True),  # full-width letters
        ("Bamenda North West", "Bamenda, North-West Region", True),
        ("  Bamenda ,  North-West  ", "bamenda,north west", True),
        ("Bamenda", "Buea", False),
        ("Buea, South-West Region", "Bamenda, North-West Region", False),
        ("Bam", "Bamenda", False),  # a prefix counts only at word boundaries
        ("—", "Buea", True),  # nothing to compare
    ],
)
def test_places_agree(a: str, b: str, agree: bool) -> None:
    assert places_agree(a, b) is agree
    assert places_agree(b, a) is agree


def test_normalise_place() -> None:
    assert normalise_place("  Saint-Étienne,  Loire ") == "saint etienne loire"


def test_place_conflict_between_accounts() -> None:
    chron = chronology(event(account(DECL, place="Bamenda"), account(MED, place="Buea", n=1)))
    [finding] = run_checks(chron)
    assert (finding.code, finding.severity) == ("place_conflict", "medium")
    assert '"Bamenda"' in finding.message and '"Buea"' in finding.message
    assert finding.refs == ("e-arrest", "e-arrest#0", "d-declaration", "e-arrest#1", "d-medical")


def test_place_conflict_with_the_event_place() -> None:
    chron = chronology(event(account(DECL, place="Buea"), place="Bamenda, North-West Region"))
    assert codes(run_checks(chron)) == ["place_conflict"]


def test_blank_places_are_ignored() -> None:
    chron = chronology(event(account(DECL, place="  "), account(MED, place="Buea", n=1)))
    assert run_checks(chron) == []


# --- sequence_conflict: release and detention ----------------------------------------------


def _detention_and_release(release_when: str, **extra: object) -> Chronology:
    return chronology(
        event(key="e-det", kind="detention", when="2019-03-14/2019-03-19"),
        event(key="e-rel", kind="release", when=release_when, **extra),
    )


def test_release_before_its_detention() -> None:
    [finding] = run_checks(_detention_and_release("2019-03-10"))
    assert (finding.code, finding.severity) == ("sequence_conflict", "high")
    assert finding.refs == ("e-rel", "e-det")
    assert "dated before the detention it ends" in finding.message


@pytest.mark.parametrize("when", ["2019-03-19", "2019-03-16", "2019-03", "2019-04-02", "~2019-02"])
def test_release_after_or_possibly_at_the_start_is_fine(when: str) -> None:
    assert run_checks(_detention_and_release(when)) == []


def test_release_pairs_with_the_latest_detention_listed_before_it() -> None:
    chron = chronology(
        event(key="e-det1", kind="detention", when="2017-01"),
        event(key="e-rel1", kind="release", when="2017-02"),
        event(key="e-det2", kind="detention", when="2019-03-14"),
        event(key="e-rel2", kind="release", when="2018-05"),
    )
    [finding] = run_checks(chron)
    assert finding.refs == ("e-rel2", "e-det2")


def test_release_of_a_relative_pairs_with_a_relative_detention() -> None:
    chron = chronology(
        event(key="e-det-brother", kind="detention", when="2018-01", concerns_applicant=False),
        event(key="e-det", kind="detention", when="2019-03-14"),
        event(key="e-rel-brother", kind="release", when="2018-02", concerns_applicant=False),
    )
    assert run_checks(chron) == []


# --- sequence_conflict: after the departure ------------------------------------------------


def _with_departure(later: EventView) -> Chronology:
    return chronology(event(key="e-dep", kind="departure", when="2019-05-01"), later)


@pytest.mark.parametrize("kind", ["harm", "threat", "detention", "domestic_remedy"])
def test_home_event_after_departure(kind: str) -> None:
    [finding] = run_checks(_with_departure(event(key="e-late", kind=kind, when="2019-07")))
    assert (finding.code, finding.refs) == ("sequence_conflict", ("e-late", "e-dep"))
    assert "after the departure" in finding.message


@pytest.mark.parametrize(
    "later",
    [
        event(key="e-late", kind="threat", when="2019-07", concerns_applicant=False),
        event(key="e-late", kind="threat", when="2019-07", in_home_country=False),
        event(key="e-late", kind="medical", when="2019-07"),  # usually examined abroad
        event(key="e-late", kind="arrival", when="2019-07"),
        event(key="e-late", kind="hearing", when="2020-07", in_home_country=True),
        event(key="e-late", kind="harm", when="2019-05"),  # the same month: may be before
        event(key="e-late", kind="harm", when="2019-04-30"),
        event(key="e-late", kind="harm"),  # undated
    ],
)
def test_events_that_may_follow_a_departure(later: EventView) -> None:
    assert run_checks(_with_departure(later)) == []


def test_explicitly_home_event_of_any_kind_after_departure() -> None:
    late = event(key="e-late", kind="medical", when="2019-07", in_home_country=True)
    assert codes(run_checks(_with_departure(late))) == ["sequence_conflict"]


def test_only_the_last_departure_counts() -> None:
    chron = chronology(
        event(key="e-dep1", kind="departure", when="2015"),
        event(key="e-harm", kind="harm", when="2018-03"),
        event(key="e-dep2", kind="departure", when="2019-05-01"),
    )
    assert run_checks(chron) == []


# --- sequence_conflict: documents before the events they report ----------------------------


def test_document_dated_before_the_event_it_reports() -> None:
    chron = chronology(
        event(key="e-harm", kind="harm", when="2019-03-14", reported_by=("d-medical",)),
        d_medical="2019-02-01",
    )
    [finding] = run_checks(chron)
    assert (finding.code, finding.refs) == ("sequence_conflict", ("e-harm", "d-medical"))
    assert "Document d-medical is dated 1 February 2019" in finding.message


def test_document_dated_after_or_with_the_same_month_is_fine() -> None:
    chron = chronology(
        event(key="e-harm", kind="harm", when="2019-03", reported_by=("d-medical", "d-x")),
        d_medical="2019-03-02",
    )
    assert run_checks(chron) == []


def test_account_source_dated_before_what_it_says() -> None:
    dated = SourceRef("d-medical", "Medical report p.1", document_date=P("2019-03-01"))
    chron = chronology(event(account(dated, "2019-03-14"), key="e-harm", kind="harm"))
    [finding] = run_checks(chron)
    assert finding.refs == ("e-harm", "d-medical")
    assert finding.message.startswith("Medical report p.1 is dated 1 March 2019")


def test_one_finding_per_document_and_event() -> None:
    chron = chronology(
        event(
            account(MED, "2019-03-14"),
            key="e-harm",
            kind="harm",
            when="2019-03-14",
            reported_by=("d-medical",),
        ),
        d_medical="2019-01-01",
    )
    [finding] = run_checks(chron)
    assert finding.message.startswith("Medical report p.1 is dated")


# --- the whole report ----------------------------------------------------------------------


def test_most_serious_first_and_deterministic() -> None:
    chron = chronology(
        event(
            account(DECL, "2019-03", place="Bamenda"), account(MED, "2019-03", n=1, place="Buea")
        ),
        event(key="e-det", kind="detention", when="2019-03-14"),
        event(key="e-rel", kind="release", when="2019-03-01"),
        birth=None,
    )
    first = run_checks(chron)
    assert codes(first) == ["sequence_conflict", "place_conflict"]
    assert run_checks(chron) == first


def test_python_dates_can_be_used() -> None:
    dated = EventView(key="e", kind="harm", title="t", date=FuzzyDate.from_date(date(2019, 3, 4)))
    assert run_checks(Chronology(events=(dated,))) == []
