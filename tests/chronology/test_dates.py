from datetime import UTC, date, datetime

import pytest
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from article3.chronology.dates import (
    DateFormatError,
    DatePoint,
    FuzzyDate,
    compatible,
    definitely_before,
    range_words,
)

P = FuzzyDate.parse


# --- parsing and the text form ------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "precision", "earliest", "latest"),
    [
        ("2019-03-14", "day", date(2019, 3, 14), date(2019, 3, 14)),
        ("2019-03", "month", date(2019, 3, 1), date(2019, 3, 31)),
        ("2019-02", "month", date(2019, 2, 1), date(2019, 2, 28)),
        ("2020-02", "month", date(2020, 2, 1), date(2020, 2, 29)),
        ("2019", "year", date(2019, 1, 1), date(2019, 12, 31)),
        ("2019-03-14/2019-03-19", "range", date(2019, 3, 14), date(2019, 3, 19)),
        ("2019-03/2019-05", "range", date(2019, 3, 1), date(2019, 5, 31)),
        ("2018/2019-02-03", "range", date(2018, 1, 1), date(2019, 2, 3)),
        ("~2019-03", "month", date(2019, 3, 1), date(2019, 3, 31)),
        ("~2019-03-14/2019-03-19", "range", date(2019, 3, 14), date(2019, 3, 19)),
    ],
)
def test_parse_bounds_and_round_trip(
    text: str, precision: str, earliest: date, latest: date
) -> None:
    value = P(text)
    assert (value.precision, value.earliest, value.latest) == (precision, earliest, latest)
    assert str(value) == text
    assert value.approximate == text.startswith("~")


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("2019-13", "'2019-13' is not a valid date: month 13"),
        ("2019-00", "month 0"),
        ("2019-02-29", "day 29"),
        ("2019-04-31", "day 31"),
        ("0000", "year 0"),
        ("2019-3", "expected YYYY"),
        ("19-03-14", "expected YYYY"),
        ("14/03/2019", "expected YYYY"),
        ("March 2019", "expected YYYY"),
        ("2019-03-14T10:00", "expected YYYY"),
        ("", "empty"),
        ("2019/2020/2021", "with one '/'"),
        ("2019-03-14/~2019-03-19", "'~' goes once"),
        ("~~2019", "'~' goes once"),
        ("2019-03-19/2019-03-14", "ends (2019-03-14) before it starts (2019-03-19)"),
        ("2019-04/2019-03", "before it starts"),
        ("2020/2019-12-31", "before it starts"),
    ],
)
def test_parse_rejects_with_a_message_naming_the_value(text: str, fragment: str) -> None:
    with pytest.raises(DateFormatError) as caught:
        P(text)
    assert fragment in str(caught.value)


def test_leap_day_is_a_day() -> None:
    assert P("2020-02-29").earliest == date(2020, 2, 29)


def test_range_may_start_and_end_on_the_same_day() -> None:
    assert P("2019-03-14/2019-03-14").human() == "14 March 2019"


def test_from_date_and_coerce() -> None:
    assert str(FuzzyDate.from_date(date(2019, 3, 4))) == "2019-03-04"
    assert (
        str(FuzzyDate.from_date(datetime(2019, 3, 4, 22, 0, tzinfo=UTC), approximate=True))
        == "~2019-03-04"
    )
    assert FuzzyDate.coerce("2019-03") == P("2019-03")
    assert FuzzyDate.coerce(date(2019, 3, 4)) == P("2019-03-04")
    assert FuzzyDate.coerce(2019) == P("2019")
    same = P("2019")
    assert FuzzyDate.coerce(same) is same
    with pytest.raises(DateFormatError):
        FuzzyDate.coerce(19)


def test_point_needs_a_month_for_a_day() -> None:
    with pytest.raises(DateFormatError, match="a day needs a month"):
        DatePoint(2019, None, 3)


# --- human form ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "human"),
    [
        ("2019-03-14", "14 March 2019"),
        ("2019-03", "March 2019"),
        ("2019", "2019"),
        ("~2019-03", "about March 2019"),
        ("2019-03-14/2019-03-19", "14\u201319 March 2019"),
        ("2019-02-28/2019-03-03", "28 February \u2013 3 March 2019"),
        ("2018-12-28/2019-01-03", "28 December 2018 \u2013 3 January 2019"),
        ("2019-03/2019-05", "March\u2013May 2019"),
        ("2018-11/2019-02", "November 2018 \u2013 February 2019"),
        ("2018/2019", "2018\u20132019"),
        ("2019-03/2019-05-02", "March 2019 \u2013 2 May 2019"),
        ("~2018/2019", "about 2018\u20132019"),
    ],
)
def test_human(text: str, human: str) -> None:
    assert P(text).human() == human


@pytest.mark.parametrize(
    ("text", "french", "spanish"),
    [
        ("2019-03-14", "14 mars 2019", "14 de marzo de 2019"),
        ("2019-03", "mars 2019", "marzo de 2019"),
        ("2019-05", "mai 2019", "mayo de 2019"),  # Django's month, not the "May" of an access token's rights
        ("2019", "2019", "2019"),
        ("~2019-03", "mars 2019 (date approximative)", "marzo de 2019 (fecha aproximada)"),
        ("2019-03-14/2019-03-19", "14\u201319 mars 2019", "14\u201319 de marzo de 2019"),
        ("2019-02-28/2019-03-03", "28 février \u2013 3 mars 2019", "28 de febrero \u2013 3 de marzo de 2019"),
        ("2018-12-28/2019-01-03", "28 décembre 2018 \u2013 3 janvier 2019",
         "28 de diciembre de 2018 \u2013 3 de enero de 2019"),
        ("2019-03/2019-05", "mars\u2013mai 2019", "marzo\u2013mayo de 2019"),
        ("2018/2019", "2018\u20132019", "2018\u20132019"),
        ("2019-03/2019-05-02", "mars 2019 \u2013 2 mai 2019", "marzo de 2019 \u2013 2 de mayo de 2019"),
    ],
)
def test_words_follow_the_language_and_human_stays_english(text: str, french: str, spanish: str) -> None:
    with translation.override("fr"):
        assert (P(text).words(), P(text).human()) == (french, P(text).human())
        assert "March" in P("2019-03-14").human()
    with translation.override("es"):
        assert P(text).words() == spanish


# --- bounds, compatibility, order ----------------------------------------------------------


def test_bounds_widen_only_approximate_dates() -> None:
    assert P("2019-03").bounds(10) == (date(2019, 3, 1), date(2019, 3, 31))
    assert P("~2019-03").bounds(10) == (date(2019, 2, 19), date(2019, 4, 10))
    assert P("~2019-03").bounds(0) == (date(2019, 3, 1), date(2019, 3, 31))


def test_bounds_stop_at_the_ends_of_the_calendar() -> None:
    assert P("~0001").bounds(400)[0] == date.min
    assert P("~9999").bounds(400)[1] == date.max


def test_negative_margin_is_refused() -> None:
    with pytest.raises(ValueError, match="must not be negative"):
        P("~2019").bounds(-1)


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("2019-03", "2019-03-14/2019-03-19", True),
        ("2019-03", "2019-03-14", True),
        ("2019", "2019-12-31", True),
        ("2019-04", "2019-03", False),
        ("2019-03-14", "2019-03-15", False),
        ("2019-03-14/2019-03-19", "2019-03-19", True),
        ("2019-03-14/2019-03-19", "2019-03-20", False),
        ("2019-02-25/2019-03-02", "2019-03", True),
        ("2018", "2019-01", False),
        ("2018/2019", "2019-06", True),
    ],
)
def test_compatible_respects_precision_and_ranges(a: str, b: str, expected: bool) -> None:
    assert compatible(P(a), P(b), margin_days=30) is expected


def test_approximate_month_reaches_into_the_next_month_by_the_margin() -> None:
    assert compatible(P("~2019-03"), date(2019, 4, 10), margin_days=10)
    assert not compatible(P("~2019-03"), date(2019, 4, 10), margin_days=9)
    assert not compatible(P("2019-03"), date(2019, 4, 10), margin_days=365)


def test_definitely_before() -> None:
    assert definitely_before(P("2019-03"), P("2019-04-01"), margin_days=30)
    assert not definitely_before(P("2019-03"), P("2019-03-31"), margin_days=30)
    assert not definitely_before(P("~2019-03"), P("2019-04-05"), margin_days=10)
    assert definitely_before(P("~2019-03"), P("2019-04-11"), margin_days=10)
    assert definitely_before(date(2019, 1, 1), date(2019, 1, 2))


def test_sort_key_orders_by_earliest_then_narrower() -> None:
    values = [P("2019"), P("2019-03-14"), P("2019-03"), P("2018-12-31/2019-01-02")]
    assert [str(v) for v in sorted(values, key=lambda v: v.sort_key)] == [
        "2018-12-31/2019-01-02",
        "2019",
        "2019-03",
        "2019-03-14",
    ]


# --- properties ----------------------------------------------------------------------------


@st.composite
def points(draw: st.DrawFn) -> DatePoint:
    day = draw(st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)))
    precision = draw(st.sampled_from(["day", "month", "year"]))
    if precision == "year":
        return DatePoint(day.year)
    return DatePoint(day.year, day.month, day.day if precision == "day" else None)


@st.composite
def fuzzy_dates(draw: st.DrawFn) -> FuzzyDate:
    start = draw(points())
    end = draw(st.none() | points().filter(lambda p: p.latest >= start.earliest))
    return FuzzyDate(start=start, end=end, approximate=draw(st.booleans()))


margins = st.integers(min_value=0, max_value=400)


@given(fuzzy_dates())
def test_text_round_trip(value: FuzzyDate) -> None:
    assert P(str(value)) == value
    assert str(P(str(value))) == str(value)


@given(fuzzy_dates(), fuzzy_dates(), margins)
def test_compatible_is_symmetric(a: FuzzyDate, b: FuzzyDate, margin: int) -> None:
    assert compatible(a, b, margin_days=margin) == compatible(b, a, margin_days=margin)


@given(fuzzy_dates(), margins)
def test_a_date_is_compatible_with_itself(value: FuzzyDate, margin: int) -> None:
    assert compatible(value, value, margin_days=margin)
    assert not definitely_before(value, value, margin_days=margin)


@given(fuzzy_dates(), fuzzy_dates(), margins)
def test_containment_implies_compatibility(a: FuzzyDate, b: FuzzyDate, margin: int) -> None:
    if a.contains(b):
        assert compatible(a, b, margin_days=margin)


@given(fuzzy_dates(), fuzzy_dates(), margins, margins)
def test_wider_margin_never_breaks_agreement(a: FuzzyDate, b: FuzzyDate, m1: int, m2: int) -> None:
    small, large = sorted((m1, m2))
    if compatible(a, b, margin_days=small):
        assert compatible(a, b, margin_days=large)


@given(fuzzy_dates(), fuzzy_dates(), margins)
def test_definitely_before_excludes_compatible(a: FuzzyDate, b: FuzzyDate, margin: int) -> None:
    if definitely_before(a, b, margin_days=margin):
        assert not compatible(a, b, margin_days=margin)
        assert not definitely_before(b, a, margin_days=margin)


@given(points(), points())
def test_ranges_ending_before_they_start_are_rejected(start: DatePoint, end: DatePoint) -> None:
    text = f"{start}/{end}"
    if end.latest < start.earliest:
        with pytest.raises(DateFormatError, match="before it starts"):
            P(text)
    else:
        assert str(P(text)) == text


@given(fuzzy_dates())
def test_in_english_the_words_are_the_human_words(value: FuzzyDate) -> None:
    with translation.override("en"):
        assert value.words() == value.human()
        if value.end is not None:  # the shared-ending rule of other languages gives the English forms too
            assert range_words(value.start, value.end) == FuzzyDate(value.start, value.end).human()
