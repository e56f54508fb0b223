"""The timeline picture's pure parts: windows, zoom levels, ticks and what each row draws."""

import itertools
import re
from datetime import date

import pytest

from article3.chronology import timeline
from article3.chronology.dates import FuzzyDate
from article3.chronology.timeline import Mark, Row, Window, WindowError

P = FuzzyDate.parse


def zoom_href(start: date, end: date) -> str:
    return f"?from={start}&to={end}"


def draw(*rows: Row, window: Window, margin: int = 30) -> str:
    return timeline.render_svg(rows, window=window, margin_days=margin, zoom_href=zoom_href)


def row(when: str = "2019-03-14", *marks: Mark, kind: str = "detention", **extra: str) -> Row:
    return Row(key="e-a", kind=kind, kind_label=kind.title(), title="Arrested", date=P(when), href="/e/a",
               marks=marks, **extra)


@pytest.mark.parametrize(("start", "end", "expected"), [
    ("2019-01", "2019-06", Window(date(2019, 1, 1), date(2019, 6, 30))),
    ("2019", "2019", Window(date(2019, 1, 1), date(2019, 12, 31))),
    ("2019-03-14", "2019-03-20", Window(date(2019, 3, 14), date(2019, 3, 20))),
    ("2019-03", "", Window(date(2019, 3, 1), date(2019, 3, 31))),  # no default: that month
])
def test_parse_window(start: str, end: str, expected: Window) -> None:
    assert timeline.parse_window(start, end, default=None) == expected


def test_a_missing_end_comes_from_the_default() -> None:
    default = Window(date(2018, 1, 1), date(2020, 12, 31))
    assert timeline.parse_window("2019-06", "", default=default) == Window(date(2019, 6, 1), date(2020, 12, 31))
    assert timeline.parse_window("", "", default=default) == default


@pytest.mark.parametrize(("start", "end"), [("2019-13", ""), ("2020", "2019"), ("soon", "2019")])
def test_bad_windows_are_refused(start: str, end: str) -> None:
    with pytest.raises(WindowError):
        timeline.parse_window(start, end, default=None)


def test_the_default_window_rounds_out_and_widens_approximate_dates() -> None:
    window = timeline.default_window([P("2019-03-14"), P("~2019-06")], margin_days=30)
    assert window == Window(date(2019, 3, 1), date(2019, 7, 31))
    long = timeline.default_window([P("2010-05"), P("2019-03-14")], margin_days=30)
    assert long == Window(date(2010, 1, 1), date(2019, 12, 31)) and long.zoom == "years"
    assert timeline.default_window([], margin_days=30) is None


@pytest.mark.parametrize(("window", "zoom"), [
    (Window(date(2015, 1, 1), date(2019, 12, 31)), "years"),
    (Window(date(2019, 1, 1), date(2019, 12, 31)), "months"),
    (Window(date(2019, 3, 1), date(2019, 3, 31)), "days"),
])
def test_zoom_levels(window: Window, zoom: str) -> None:
    assert window.zoom == zoom


def test_years_zoom_to_months_and_months_to_days() -> None:
    years = draw(row(), window=Window(date(2015, 1, 1), date(2019, 12, 31)))
    assert '<a href="?from=2019-01-01&amp;to=2019-12-31" class="zoom">' in years
    months = draw(row(), window=timeline.year_window(2019))
    assert '<a href="?from=2019-03-01&amp;to=2019-03-31" class="zoom">' in months
    days = draw(row(), window=timeline.month_window(2019, 3))
    assert ">31</text>" in days and 'class="zoom"><text x="332.0" y="20" font-weight="600"' in days


def test_a_day_is_a_narrow_bar_and_a_month_a_month_long_one() -> None:
    window = timeline.year_window(2019)
    day, month = draw(row("2019-03-14"), window=window), draw(row("2019-03"), window=window)

    def width(svg: str) -> float:
        return float(svg.split('rx="2"')[0].rsplit('width="', 1)[1].split('"')[0])

    assert width(day) == 3.0 and 50 < width(month) < 52


def test_approximate_dates_are_hatched_and_dashed() -> None:
    svg = draw(row("~2019-03"), window=timeline.year_window(2019))
    assert 'fill="url(#hatch-detention)"' in svg and 'stroke-dasharray="4 2"' in svg
    assert 'fill="url(#hatch' not in draw(row("2019-03"), window=timeline.year_window(2019)).split("</defs>")[1] \
        .split('class="legend"')[0]


def test_sources_are_drawn_and_named_conflicts_in_red() -> None:
    svg = draw(row("2019-03-14", Mark("Declaration ¶14", P("2019-03-14")), Mark("Medical report p.1", P("2019-04"),
                                                                               conflict=True),
                   conflict_href="/e/a#c-1", conflict_text="Dates disagree"),
               window=timeline.year_window(2019))
    assert '<rect class="source" ' in svg and '<rect class="source conflict" ' in svg
    assert ">Medical report p.1</text>" in svg
    assert '<a href="/e/a#c-1" class="conflict" id="conflict-e-a">' in svg
    assert "<title>Conflict: Dates disagree</title>" in svg


def test_kinds_have_their_own_colours_and_none_is_conflict_red() -> None:
    assert len(set(timeline.KIND_COLOURS.values())) >= 8
    assert timeline.CONFLICT_RED not in timeline.KIND_COLOURS.values()
    svg = draw(row(kind="release"), window=timeline.year_window(2019))
    assert f'fill="{timeline.KIND_COLOURS["release"]}"' in svg and ">Release</text>" in svg  # legend


def test_dates_outside_the_window_are_clamped_to_the_plot() -> None:
    svg = draw(row("2018/2020"), window=timeline.year_window(2019))
    assert f'x="{timeline.PLOT_X0}"' in svg


def axis_labels(svg: str, y: int) -> list[tuple[float, str]]:
    return [(float(x), label) for x, label in re.findall(rf'<text x="([\d.]+)" y="{y}"[^>]*>([^<]+)</text>', svg)]


@pytest.mark.parametrize("window", [
    Window(date(1990, 1, 1), date(2019, 12, 31)),  # 30 years: one label a year would collide
    Window(date(1, 1, 1), date(9999, 12, 31)),
    Window(date(2016, 2, 1), date(2019, 1, 31)),  # 36 months
    Window(date(2019, 1, 1), date(2019, 3, 3)),  # 62 days
    Window(date(2019, 3, 1), date(2019, 3, 31)),
])
def test_axis_labels_never_overlap_over_long_spans(window: Window) -> None:
    svg = draw(row(), window=window)
    for y in (timeline.AXIS_Y - 8, timeline.AXIS_Y - 24):
        labels = axis_labels(svg, y)
        for (x1, first), (x2, _) in itertools.pairwise(labels):
            assert x2 - x1 >= timeline.label_width(first), (first, x1, x2)
    assert len(axis_labels(svg, timeline.AXIS_Y - 8)) >= 4
