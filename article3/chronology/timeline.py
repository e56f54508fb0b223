"""The timeline picture: events on a time axis, drawn server-side as SVG (no script needed).

Each event is a row: a bar over every day its date could be (a month is a month-long bar), in
the colour of its kind; approximate dates are hatched with a dashed outline over their widened
interval. Under the bar, a thin mark per source account at the date that source gives (red when
the source is part of a conflict), and a red "!" after the bar links to the conflict on the
event's page. Tick labels on the axis are links that zoom in: a year opens its months, a month
its days. Dates and words are in the active language. Everything is text escaped here, so the
result can be put into a page as is.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal
from xml.sax.saxutils import escape, quoteattr

from django.utils import formats
from django.utils.translation import get_language, gettext

from article3.chronology.dates import DateFormatError, FuzzyDate

Zoom = Literal["years", "months", "days"]
ZoomHref = Callable[[date, date], str]
Tick = tuple[date, str, "Window | None"]

WIDTH, PLOT_X0, PLOT_X1 = 960, 330, 930
AXIS_Y, FIRST_ROW_Y, ROW_H, MARK_H = 44, 56, 36, 11
TITLE_CHARS = 46
CONFLICT_RED = "#d50000"
FONT = "system-ui, -apple-system, Segoe UI, sans-serif"

# One colour per kind; red is kept for conflicts, so no kind is drawn in plain red.
KIND_COLOURS: dict[str, str] = {
    "harm": "#ad1457",
    "threat": "#e08600",
    "detention": "#6d4c41",
    "release": "#2e7d32",
    "domestic_remedy": "#6a1b9a",
    "medical": "#00838f",
    "departure": "#1f4e8c",
    "arrival": "#1f4e8c",
    "filing": "#455a64",
    "hearing": "#455a64",
    "decision": "#455a64",
    "other": "#757575",
}


@dataclass(frozen=True)
class Mark:
    """What one source says of the event's date."""

    label: str
    date: FuzzyDate
    conflict: bool = False


@dataclass(frozen=True)
class Row:
    key: str
    kind: str
    kind_label: str
    title: str
    date: FuzzyDate
    href: str  # the event's page
    marks: tuple[Mark, ...] = ()
    conflict_href: str = ""  # the first conflict on the event's page, "" when none
    conflict_text: str = ""


@dataclass(frozen=True)
class Window:
    """The days shown, both ends included."""

    start: date
    end: date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def zoom(self) -> Zoom:
        if self.days > 3 * 366:
            return "years"
        return "months" if self.days > 62 else "days"

    def shows(self, when: FuzzyDate, margin_days: int) -> bool:
        first, last = when.bounds(margin_days)
        return first <= self.end and last >= self.start


class WindowError(ValueError):
    """A from/to value that is not a date."""


def parse_window(start_text: str, end_text: str, *, default: Window | None) -> Window | None:
    """The window asked for (``?from=2019-01&to=2019-06``), else the default.

    ``from`` stands for its first day and ``to`` for its last, so ``from=2019&to=2019`` is the
    whole year 2019. A missing end is taken from the default window.
    """
    if not start_text and not end_text:
        return default
    start = _bound(start_text, first=True) if start_text else None
    end = _bound(end_text, first=False) if end_text else None
    if start is None and end is not None:
        start = default.start if default and default.start <= end else _bound(end_text, first=True)
    if end is None and start is not None:
        end = default.end if default and default.end >= start else _bound(start_text, first=False)
    if start is None or end is None:
        return default
    if end < start:
        raise WindowError(gettext("The end of the range comes before its start."))
    return Window(start, end)


def default_window(dates: Iterable[FuzzyDate], *, margin_days: int) -> Window | None:
    """Every date shown, the ends rounded out to whole months (or years, for long spans)."""
    bounds = [d.bounds(margin_days) for d in dates]
    if not bounds:
        return None
    first, last = min(b[0] for b in bounds), max(b[1] for b in bounds)
    if Window(first, last).zoom == "years":
        return Window(date(first.year, 1, 1), date(last.year, 12, 31))
    return Window(date(first.year, first.month, 1), _month_end(last.year, last.month))


def year_window(year: int) -> Window:
    return Window(date(year, 1, 1), date(year, 12, 31))


def month_window(year: int, month: int) -> Window:
    return Window(date(year, month, 1), _month_end(year, month))


def render_svg(rows: Sequence[Row], *, window: Window, margin_days: int, zoom_href: ZoomHref) -> str:
    """The picture, as an SVG element to put into the page (and to print)."""
    tops, height = _row_tops(rows)
    scale = _Scale(window)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="timeline" viewBox="0 0 {WIDTH} {height}" '
        f'width="100%" font-family={quoteattr(FONT)} font-size="12" aria-labelledby="timeline-title">',
        f'<title id="timeline-title">{escape(_timeline_title(window))}</title>',
        _defs(),
        *_axis(window, scale, zoom_href, bottom=height - 40),
    ]
    for row, top in zip(rows, tops, strict=True):
        parts.append(_row(row, y=top, scale=scale, margin_days=margin_days))
    parts.append(_legend(rows, y=height - 16))
    parts.append("</svg>")
    return "\n".join(parts)


# --- drawing -------------------------------------------------------------------------------


def _row_tops(rows: Sequence[Row]) -> tuple[list[int], int]:
    """Where each row starts (a row grows with its sources), and the picture's height."""
    tops, y = [], FIRST_ROW_Y
    for row in rows:
        tops.append(y)
        y += max(ROW_H, 24 + MARK_H * len(row.marks) + 6)
    return tops, y + 40


class _Scale:
    def __init__(self, window: Window) -> None:
        self.window = window
        self.per_day = (PLOT_X1 - PLOT_X0) / window.days

    def x(self, day: date) -> float:
        """The left edge of a day, clamped to the plot."""
        offset = (day - self.window.start).days * self.per_day
        return round(min(max(PLOT_X0 + offset, PLOT_X0), PLOT_X1), 1)

    def span(self, first: date, last: date) -> tuple[float, float]:
        right_edge = PLOT_X1 if last == date.max else self.x(last + timedelta(days=1))  # no day after 9999-12-31
        left, right = self.x(first), right_edge
        return left, max(right - left, 3.0)


def _defs() -> str:
    patterns = "".join(
        f'<pattern id="hatch-{kind}" patternUnits="userSpaceOnUse" width="6" height="6" '
        f'patternTransform="rotate(45)"><rect width="6" height="6" fill="#ffffff"/>'
        f'<line x1="0" y1="0" x2="0" y2="6" stroke="{colour}" stroke-width="3"/></pattern>'
        for kind, colour in KIND_COLOURS.items()
    )
    return f"<defs>{patterns}</defs>"


def _axis(window: Window, scale: _Scale, zoom_href: ZoomHref, *, bottom: int) -> list[str]:
    parts = [f'<line x1="{PLOT_X0}" y1="{AXIS_Y}" x2="{PLOT_X1}" y2="{AXIS_Y}" stroke="#1d2330"/>']
    for tick, label, target in _readable(_ticks(window), scale):
        x = scale.x(tick)
        parts.append(f'<line x1="{x}" y1="{AXIS_Y - 4}" x2="{x}" y2="{bottom}" stroke="#d9dde3"/>')
        text = f'<text x="{x + 2}" y="{AXIS_Y - 8}" fill="#1d2330">{escape(label)}</text>'
        if target is not None:
            href = zoom_href(target.start, target.end)
            text = f'<a href={quoteattr(href)} class="zoom">{text}<title>{escape(_zoom_to(label))}</title></a>'
        parts.append(text)
    last_x = -100.0
    for first, label, target in _upper_ticks(window):
        x = scale.x(max(first, window.start))
        if x - last_x < label_width(label):  # too close to the previous label to read
            continue
        last_x = x
        href = zoom_href(target.start, target.end)
        parts.append(f'<a href={quoteattr(href)} class="zoom"><text x="{x + 2}" y="{AXIS_Y - 24}" '
                     f'font-weight="600" fill="#1d2330">{escape(label)}</text>'
                     f"<title>{escape(_zoom_to(label))}</title></a>")
    return parts


def label_width(label: str) -> float:
    """A generous width for an axis label at the axis font size, with room to breathe after it."""
    return 7 * len(label) + 4


def _readable(ticks: list[Tick], scale: _Scale) -> list[Tick]:
    """Thin the ticks evenly until no label runs into the next one, however long the span."""
    widest = max((label_width(label) for _, label, _ in ticks), default=0.0)
    step = 1
    while any(scale.x(b[0]) - scale.x(a[0]) < widest for a, b in itertools.pairwise(ticks[::step])):
        step += 1
    return ticks[::step]


def _ticks(window: Window) -> list[Tick]:
    """Tick days, their labels, and the window each label zooms to (None: no further zoom)."""
    ticks: list[Tick]
    if window.zoom == "years":
        years = range(window.start.year, window.end.year + 1)
        step = max(1, len(years) // 15)
        ticks = [(date(y, 1, 1), str(y), year_window(y)) for y in years[::step]]
        return [t for t in ticks if t[0] >= window.start]
    if window.zoom == "months":
        ticks = [(first, month_short(first), month_window(first.year, first.month))
                 for first in _month_starts(window)]
        step = max(1, len(ticks) // 18)
        return ticks[::step]
    step = 1 if window.days <= 31 else 7
    return [(window.start + timedelta(days=n), str((window.start + timedelta(days=n)).day), None)
            for n in range(0, window.days, step)]


def _upper_ticks(window: Window) -> list[tuple[date, str, Window]]:
    """The line above the ticks: the years of a months view, the months of a days view."""
    if window.zoom == "months":
        return [(max(date(y, 1, 1), window.start), str(y), year_window(y))
                for y in range(window.start.year, window.end.year + 1)]
    if window.zoom == "days":
        months = [date(window.start.year, window.start.month, 1), *_month_starts(window)]
        return [(m, month_and_year(m), month_window(m.year, m.month))
                for m in dict.fromkeys(months)]
    return []


def _row(row: Row, *, y: int, scale: _Scale, margin_days: int) -> str:
    colour = KIND_COLOURS.get(row.kind, KIND_COLOURS["other"])
    first, last = row.date.bounds(margin_days)
    left, width = scale.span(first, last)
    stroke = f'stroke="{CONFLICT_RED}" stroke-width="2"' if row.conflict_href else f'stroke="{colour}"'
    fill = f'fill="url(#hatch-{row.kind if row.kind in KIND_COLOURS else "other"})"' if row.date.approximate \
        else f'fill="{colour}"'
    style = f'{fill} {stroke}' + (' stroke-dasharray="4 2"' if row.date.approximate else "")
    title = row.title if len(row.title) <= TITLE_CHARS else row.title[: TITLE_CHARS - 1] + "…"
    parts = [
        f'<g class="event kind-{escape(row.kind)}" id={quoteattr("tl-" + row.key)}>',
        f"<a href={quoteattr(row.href)}>",
        f'<text x="8" y="{y + 13}" fill="#1d2330">{escape(title)}</text>',
        f'<text x="8" y="{y + 27}" fill="#5c6472" font-size="10">{escape(row.date.words())} · '
        f"{escape(row.kind_label)}</text>",
        f"<title>{escape(row.title)}: {escape(row.date.words())}</title></a>",
        f'<rect x="{left}" y="{y + 4}" width="{round(width, 1)}" height="12" rx="2" {style}>'
        f"<title>{escape(row.title)}: {escape(row.date.words())}</title></rect>",
    ]
    parts += [_mark(mark, y=y + 20 + MARK_H * i, scale=scale, margin_days=margin_days)
              for i, mark in enumerate(row.marks)]
    if row.conflict_href:
        parts.append(_conflict_mark(row, x=min(left + width + 10, PLOT_X1 - 4), y=y + 10))
    parts.append("</g>")
    return "".join(parts)


def _mark(mark: Mark, *, y: int, scale: _Scale, margin_days: int) -> str:
    first, last = mark.date.bounds(margin_days)
    left, width = scale.span(first, last)
    colour = CONFLICT_RED if mark.conflict else "#5c6472"
    dash = ' stroke-dasharray="2 1"' if mark.date.approximate else ""
    cls = "source conflict" if mark.conflict else "source"
    return (
        f'<rect class="{cls}" x="{left}" y="{y}" width="{round(width, 1)}" height="6" fill="{colour}" '
        f'stroke="{colour}"{dash}><title>{escape(mark.label)}: {escape(mark.date.words())}</title></rect>'
        + _mark_label(mark.label, left=left, right=left + width, y=y + 6, colour=colour)
    )


def _mark_label(label: str, *, left: float, right: float, y: int, colour: str) -> str:
    """The source's name beside its mark, where there is room (it is always in the tooltip)."""
    needed = 5.5 * len(label)
    if right + 4 + needed <= WIDTH:
        x, anchor = right + 4, "start"
    elif left - 4 - needed >= PLOT_X0:
        x, anchor = left - 4, "end"
    else:
        return ""
    return (f'<text x="{round(x, 1)}" y="{y}" font-size="9" fill="{colour}" text-anchor="{anchor}">'
            f"{escape(label)}</text>")


def _conflict_mark(row: Row, *, x: float, y: int) -> str:
    title = gettext("Conflict: %(text)s") % {"text": row.conflict_text}
    return (
        f"<a href={quoteattr(row.conflict_href)} class=\"conflict\" id={quoteattr('conflict-' + row.key)}>"
        f'<circle cx="{round(x, 1)}" cy="{y}" r="8" fill="{CONFLICT_RED}"/>'
        f'<text x="{round(x, 1)}" y="{y + 4}" text-anchor="middle" fill="#ffffff" font-weight="700">!</text>'
        f"<title>{escape(title)}</title></a>"
    )


def _legend(rows: Sequence[Row], *, y: int) -> str:
    kinds = dict.fromkeys((row.kind, row.kind_label) for row in rows)
    x, parts = 8, ['<g class="legend">']
    for kind, label in kinds:
        colour = KIND_COLOURS.get(kind, KIND_COLOURS["other"])
        parts.append(f'<rect x="{x}" y="{y - 9}" width="10" height="10" fill="{colour}"/>'
                     f'<text x="{x + 14}" y="{y}">{escape(label)}</text>')
        x += 24 + 7 * len(label)
    approximate, source, conflict = gettext("approximate"), gettext("a source"), gettext("conflict")
    parts.append(f'<rect x="{x}" y="{y - 9}" width="18" height="10" fill="url(#hatch-other)" stroke="#757575" '
                 f'stroke-dasharray="4 2"/><text x="{x + 22}" y="{y}">{escape(approximate)}</text>')
    x += 22 + 8 * len(approximate)
    parts.append(f'<rect x="{x}" y="{y - 6}" width="18" height="5" fill="#5c6472"/>'
                 f'<text x="{x + 22}" y="{y}">{escape(source)}</text>')
    x += 22 + 8 * len(source)
    parts.append(f'<circle cx="{x + 6}" cy="{y - 4}" r="6" fill="{CONFLICT_RED}"/>'
                 f'<text x="{x + 16}" y="{y}">{escape(conflict)}</text></g>')
    return "".join(parts)


# --- dates ---------------------------------------------------------------------------------


def _bound(text: str, *, first: bool) -> date:
    try:
        parsed = FuzzyDate.parse(text)
    except DateFormatError as exc:
        message = gettext("'%(text)s' is not a date: use 2019, 2019-03 or 2019-03-14.") % {"text": text}
        raise WindowError(message) from exc
    return parsed.earliest if first else parsed.latest


def _month_starts(window: Window) -> list[date]:
    year, month = window.start.year, window.start.month
    if window.start.day != 1:
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    starts = []
    while year <= date.max.year and date(year, month, 1) <= window.end:
        starts.append(date(year, month, 1))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return starts


def _month_end(year: int, month: int) -> date:
    if (year, month) == (date.max.year, 12):
        return date.max
    following = date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)
    return following - timedelta(days=1)


def month_short(first: date) -> str:
    """The month's short name in the active language: "Mar" in English; elsewhere the language's own
    abbreviations (Django's "N", which French writes "juin", "juil.": its three letters would not tell
    June from July)."""
    return formats.date_format(first, "M" if _english() else "N")


def month_and_year(first: date) -> str:
    return f"{month_short(first)} {first.year}"


def _english() -> bool:
    return (get_language() or "en").split("-")[0] == "en"


def _timeline_title(window: Window) -> str:
    return gettext("Timeline, %(start)s to %(end)s") % {"start": _day(window.start), "end": _day(window.end)}


def _day(day: date) -> str:
    return f"{day.day} {month_short(day)} {day.year}"


def _zoom_to(label: str) -> str:
    return gettext("Zoom to %(label)s") % {"label": label}
