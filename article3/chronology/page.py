"""What the chronology pages show: the filtered table, the timeline picture, the conflicts.

Views parse the request and render; the composition of a page from a snapshot lives here so
that each view stays a few lines long.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Any
from urllib.parse import urlencode

from django.http import QueryDict
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from article3.chronology import timeline
from article3.chronology.conflicts import Conflict, conflicts
from article3.chronology.dates import FuzzyDate
from article3.chronology.models import Account, Event, EventKind
from article3.chronology.selectors import Snapshot, date_words, fuzzy_or_none, source_key
from article3.chronology.timeline import Window, WindowError


@dataclass(frozen=True)
class Filters:
    """The table's and the picture's filters, as query parameters."""

    kind: str = ""
    source: str = ""  # a document key, or "interview"
    conflicts_only: bool = False
    start: str = ""  # ?from=
    end: str = ""  # ?to=

    @classmethod
    def from_query(cls, query: QueryDict) -> Filters:
        kind = query.get("kind", "")
        return cls(kind=kind if kind in EventKind.values else "", source=query.get("source", "")[:80],
                   conflicts_only=query.get("conflicts") == "1",
                   start=query.get("from", "")[:40], end=query.get("to", "")[:40])

    def query(self, **changes: Any) -> str:
        """The query string of these filters with some changed: "?kind=harm&from=2019"."""
        values = replace(self, **changes)
        pairs = {"kind": values.kind, "source": values.source, "conflicts": "1" if values.conflicts_only else "",
                 "from": values.start, "to": values.end}
        return "?" + urlencode({k: v for k, v in pairs.items() if v})

    def zoomed(self, start: date, end: date) -> str:
        return self.query(start=start.isoformat(), end=end.isoformat())


@dataclass(frozen=True)
class AccountRow:
    account: Account
    label: str
    date: str  # in words
    conflict: bool


@dataclass(frozen=True)
class EventRow:
    event: Event
    date: FuzzyDate | None
    accounts: list[AccountRow]
    conflicts: list[Conflict] = field(default_factory=list)


def event_url(case_id: Any, key: str) -> str:
    return reverse("case_event", kwargs={"case_id": case_id, "key": key})


def event_rows(snapshot: Snapshot, found: list[Conflict]) -> list[EventRow]:
    """Every event with its accounts and conflicts, by date, the undated last."""
    in_conflict = {k for c in found for k in c.account_keys}
    by_event: dict[str, list[Conflict]] = {}
    for conflict in found:
        for key in dict.fromkeys(conflict.event_keys):
            by_event.setdefault(key, []).append(conflict)
    rows = []
    for event in snapshot.events:
        accounts = [
            AccountRow(account=a, label=snapshot.labels[a.pk], date=date_words(a.date),
                       conflict=snapshot.account_keys[a.pk] in in_conflict)
            for a in event.accounts.all()
        ]
        rows.append(EventRow(event=event, date=fuzzy_or_none(event.date), accounts=accounts,
                             conflicts=by_event.get(event.key, [])))
    return sorted(rows, key=lambda r: (r.date is None, r.date.sort_key if r.date else ()))


def chronology_context(snapshot: Snapshot, filters: Filters) -> dict[str, Any]:
    found = conflicts(snapshot)
    every = snapshot.worked_out("event_rows", lambda: event_rows(snapshot, found))  # shared: read only
    rows = [r for r in every if _matches(r, filters)]
    context: dict[str, Any] = {"filters": filters, "kinds": EventKind.choices, "conflicts": found,
                               "sources": snapshot.worked_out("sources", lambda: _source_choices(snapshot)),
                               "total": len(snapshot.events)}
    dated = snapshot.worked_out("dates", lambda: _dates(rows)) if filters == Filters() else _dates(rows)
    default = timeline.default_window(dated, margin_days=snapshot.margin_days)
    try:
        window = timeline.parse_window(filters.start, filters.end, default=default)
    except WindowError as exc:
        context["window_error"], window = str(exc), default
    if window is not None:
        rows = [r for r in rows if r.date is None or window.shows(r.date, snapshot.margin_days)]
    context.update(rows=rows, undated=[r for r in rows if r.date is None], window=window,
                   unfiltered=snapshot if filters == Filters() else None)  # the table drawn once: {% kept %}
    if window is not None:
        def picture() -> dict[str, Any]:
            return _picture(snapshot, rows, window, filters)

        # The unfiltered picture is the same for everyone until the case changes: drawn once.
        drawn = snapshot.worked_out("picture", picture) if filters == Filters() else picture()
        context.update(drawn, zoom=_zoom_links(window, default, filters))
    return context


def _picture(snapshot: Snapshot, rows: list[EventRow], window: Window, filters: Filters) -> dict[str, Any]:
    case_id = snapshot.case.public_id
    drawn = [_timeline_row(row, case_id) for row in rows if row.date is not None]
    svg = timeline.render_svg(drawn, window=window, margin_days=snapshot.margin_days, zoom_href=filters.zoomed)
    # Every text in the picture is escaped by timeline.render_svg.
    return {"svg": mark_safe(svg) if drawn else SafeString("")}  # noqa: S308  # nosec B308 B703


def _timeline_row(row: EventRow, case_id: Any) -> timeline.Row:
    assert row.date is not None  # noqa: S101  (only dated rows are drawn)
    href = event_url(case_id, row.event.key)
    first = row.conflicts[0] if row.conflicts else None
    marks = tuple(timeline.Mark(label=a.label, date=d, conflict=a.conflict)
                  for a in row.accounts if (d := fuzzy_or_none(a.account.date)) is not None)
    return timeline.Row(
        key=row.event.key, kind=row.event.kind, kind_label=row.event.get_kind_display(), title=row.event.title,
        date=row.date, href=href, marks=marks, conflict_href=f"{href}#{first.id}" if first else "",
        conflict_text=first.finding.message if first else "",
    )


def _zoom_links(window: Window, default: Window | None, filters: Filters) -> dict[str, Any]:
    """Links to zoom out (whole chronology), across (earlier, later) and in (years, months)."""
    length = timedelta(days=window.days)
    links: dict[str, Any] = {
        "all": filters.query(start="", end=""),
        "earlier": filters.zoomed(_shifted(window.start, -length), _shifted(window.start, -timedelta(days=1))),
        "later": filters.zoomed(_shifted(window.end, timedelta(days=1)), _shifted(window.end, length)),
        "level": window.zoom,
    }
    span = default or window
    links["years"] = [(y, filters.zoomed(*_ends(timeline.year_window(y))))
                      for y in range(span.start.year, span.end.year + 1)][:40]
    if window.start.year == window.end.year:
        year = window.start.year
        links["months"] = [(timeline.month_and_year(date(year, m, 1)),
                            filters.zoomed(*_ends(timeline.month_window(year, m)))) for m in range(1, 13)]
    return links


def _shifted(day: date, by: timedelta) -> date:
    """`day + by`, held at the first or last day Python knows (years 1 and 9999) rather than overflowing."""
    try:
        return day + by
    except OverflowError:
        return date.min if by < timedelta(0) else date.max


def _ends(window: Window) -> tuple[date, date]:
    return window.start, window.end


def _matches(row: EventRow, filters: Filters) -> bool:
    if filters.kind and row.event.kind != filters.kind:
        return False
    if filters.conflicts_only and not row.conflicts:
        return False
    if filters.source:
        keys = {"interview" if a.account.document is None else source_key(a.account) for a in row.accounts}
        return filters.source in keys
    return True


def _source_choices(snapshot: Snapshot) -> list[tuple[str, str]]:
    used = {a.document.key for e in snapshot.events for a in e.accounts.all() if a.document is not None}
    choices = [(key, doc.label) for key, doc in snapshot.documents.items() if key in used]
    return [*choices, ("interview", gettext("Interviews and other sources"))]


def _dates(rows: list[EventRow]) -> list[FuzzyDate]:
    dates = [r.date for r in rows if r.date is not None]
    dates += [d for r in rows for a in r.accounts if (d := fuzzy_or_none(a.account.date)) is not None]
    return dates

