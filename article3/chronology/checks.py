"""Consistency checks over a chronology: what the sources say about dates, ages, places, order.

Decision-makers read an inconsistent chronology as an unreliable applicant, so each
contradiction the sources contain is reported before filing, with what to do about it. The
checks work on plain dataclasses that the Django layer fills; nothing here touches a database.

Every check respects the precision of fuzzy dates: "March 2019" and "14 March 2019" agree, and
an approximate date is widened by ``margin_days`` on both sides before it is compared.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from itertools import combinations

from django.utils.translation import gettext, gettext_noop, ngettext

from article3.chronology.dates import DEFAULT_MARGIN_DAYS, FuzzyDate, compatible
from article3.chronology.dates import definitely_before as _before
from article3.chronology.places import places_agree
from article3.findings import Finding, Severity

# Kinds that happen at home when nobody said where they happened (in_home_country is None).
# Medical examinations, filings and hearings usually happen abroad, so they are not assumed.
_HOME_KINDS = frozenset({"harm", "threat", "detention", "release", "domestic_remedy"})
# Kinds that are never "in the home country after the departure" in the sense checked here.
_NOT_HOME_KINDS = frozenset({"departure", "arrival", "filing", "hearing", "decision"})
_SEVERITY_RANK: Mapping[Severity, int] = {"high": 0, "medium": 1, "low": 2}
_CHRONOLOGY_LABEL = gettext_noop("the chronology")


@dataclass(frozen=True)
class SourceRef:
    """Where an account comes from."""

    key: str  # package key of the source document, or "interview:<id>"
    label: str  # for people: "Declaration ¶14", "Medical report p.1"
    document_date: FuzzyDate | None = None  # the date the source document itself bears


@dataclass(frozen=True)
class AccountView:
    """What one source says about an event."""

    key: str  # stable key of the account, e.g. "e-arrest-2019#0"
    source: SourceRef
    date: FuzzyDate | None = None
    place: str | None = None
    age_stated: int | None = None  # the applicant's age then, as the source gives it


@dataclass(frozen=True)
class EventView:
    """An event of the chronology with its accounts."""

    key: str
    kind: str
    title: str
    date: FuzzyDate | None = None
    place: str | None = None
    concerns_applicant: bool = True  # False when it happened to others (family etc.)
    in_home_country: bool | None = None  # None = unknown
    reported_by: tuple[str, ...] = ()  # keys of documents that report this event
    accounts: tuple[AccountView, ...] = ()


@dataclass(frozen=True)
class Chronology:
    """The whole chronology of a case.

    ``events`` are in the chronology's own order (as the case package lists them, or as the
    team arranged them), not re-sorted by date: the release check pairs each release with the
    latest detention listed before it, so a release dated before that detention shows up.
    """

    events: tuple[EventView, ...]
    birth_date: FuzzyDate | None = None
    document_dates: Mapping[str, FuzzyDate] = field(default_factory=dict)


@dataclass(frozen=True)
class _Witness:
    """One statement about an event: the chronology's own entry or one account."""

    label: str
    refs: tuple[str, ...]
    date: FuzzyDate | None
    place: str | None


def run_checks(chron: Chronology, *, margin_days: int = DEFAULT_MARGIN_DAYS) -> list[Finding]:
    """Every inconsistency found, the most serious first, otherwise in chronology order."""
    findings: list[Finding] = []
    for event in chron.events:
        findings += _date_conflicts(event, margin_days=margin_days)
        findings += _age_conflicts(event, birth=chron.birth_date, margin_days=margin_days)
        findings += _place_conflicts(event)
    findings += _release_conflicts(chron.events, margin_days=margin_days)
    findings += _after_departure_conflicts(chron.events, margin_days=margin_days)
    for event in chron.events:
        findings += _document_conflicts(event, chron.document_dates, margin_days=margin_days)
    return sorted(findings, key=lambda finding: _SEVERITY_RANK[finding.severity])


# --- date_conflict -------------------------------------------------------------------------


def _witnesses(event: EventView) -> list[_Witness]:
    own = _Witness(gettext(_CHRONOLOGY_LABEL), (), event.date, event.place)
    accounts = [
        _Witness(a.source.label, (a.key, a.source.key), a.date, a.place) for a in event.accounts
    ]
    return [own, *accounts]


def _date_conflicts(event: EventView, *, margin_days: int) -> Iterator[Finding]:
    """One finding per event, however many sources disagree: the sources grouped by the date they give."""
    dated = [(w, w.date) for w in _witnesses(event) if w.date is not None]
    clashing: set[int] = set()
    for (i, (_, first)), (j, (_, second)) in combinations(enumerate(dated), 2):
        if not compatible(first, second, margin_days=margin_days):
            clashing |= {i, j}
    if clashing:
        yield _date_finding(event, [dated[i] for i in sorted(clashing)])


def _date_finding(event: EventView, involved: list[tuple[_Witness, FuzzyDate]]) -> Finding:
    groups: dict[str, list[str]] = {}
    for witness, when in involved:
        groups.setdefault(when.words(), []).append(witness.label)
    says = "; ".join(ngettext("%(sources)s gives %(date)s", "%(sources)s give %(date)s", len(labels))
                     % {"sources": _listed(labels), "date": when} for when, labels in groups.items())
    message = (gettext('Dates disagree for "%(title)s": %(says)s; both cannot be true.') if len(groups) == 2
               else gettext('Dates disagree for "%(title)s": %(says)s; they cannot all be true.'))
    in_chronology = any(not witness.refs for witness, _ in involved)
    advice = gettext(
        "Ask the client which date is right and why the sources differ. If a source is "
        "wrong, correct the event's date in the chronology before filing; if both stand (an approximate "
        "recollection, another calendar), explain the discrepancy in the declaration."
    ) if in_chronology else gettext(
        "Ask the client which date is right and why the sources differ. If a source is "
        "wrong, correct it before filing; if both stand (an approximate recollection, another "
        "calendar), explain the discrepancy in the declaration."
    )
    return Finding(
        code="date_conflict",
        severity="high",
        message=message % {"title": event.title, "says": says},
        advice=advice,
        refs=_refs(event.key, *(ref for witness, _ in involved for ref in witness.refs)),
    )


def _listed(labels: list[str]) -> str:
    if len(labels) == 1:
        return labels[0]
    return gettext("%(first)s and %(last)s") % {"first": ", ".join(labels[:-1]), "last": labels[-1]}


# --- age_conflict --------------------------------------------------------------------------


def _age_conflicts(
    event: EventView, *, birth: FuzzyDate | None, margin_days: int
) -> Iterator[Finding]:
    """Ages stated for the applicant; events that happened to others state others' ages."""
    if birth is None or not event.concerns_applicant:
        return
    for account in event.accounts:
        when = account.date or event.date
        if account.age_stated is None or when is None:
            continue
        low, high = possible_ages(birth=birth, on=when, margin_days=margin_days)
        if not low <= account.age_stated <= high:
            yield _age_finding(event, account, when=when, birth=birth, ages=(low, high))


def possible_ages(*, birth: FuzzyDate, on: FuzzyDate, margin_days: int) -> tuple[int, int]:
    """The youngest and oldest the person can have been, whatever the fuzzy days really are.

    The youngest is born as late as possible and measured as early as possible; the oldest the
    reverse. A negative age means the date may fall before the birth.
    """
    born_first, born_last = birth.bounds(margin_days)
    on_first, on_last = on.bounds(margin_days)
    return _age(born=born_last, on=on_first), _age(born=born_first, on=on_last)


def _age(*, born: date, on: date) -> int:
    """Completed years; someone born on 29 February turns a year older on 1 March."""
    before_birthday = (on.month, on.day) < (born.month, born.day)
    return on.year - born.year - int(before_birthday)


def _age_finding(
    event: EventView,
    account: AccountView,
    *,
    when: FuzzyDate,
    birth: FuzzyDate,
    ages: tuple[int, int],
) -> Finding:
    stated = account.age_stated or 0
    low, high = ages
    off_by = low - stated if stated < low else stated - high
    return Finding(
        code="age_conflict",
        severity="high" if off_by >= 2 else "medium",
        message=_ages_text(low, high) % {
            "source": account.source.label, "stated": stated, "title": event.title, "when": when.words(),
            "birth": birth.words(), "low": max(low, 0), "high": high},
        advice=gettext(
            "Check the birth date and the event's date with the client. An age one year off "
            "often comes from another way of counting age or an approximate date: say so in "
            "the declaration; otherwise correct the age or the date."
        ),
        refs=_refs(event.key, account.key, account.source.key),
    )


def _ages_text(low: int, high: int) -> str:
    """The age finding's message, to fill with its source, stated age, event, dates and possible ages."""
    if high < 0:
        return gettext('%(source)s gives the applicant\'s age as %(stated)s for "%(title)s" (%(when)s), but with '
                       "the birth date %(birth)s the applicant was not yet born.")
    if max(low, 0) == high:
        return gettext('%(source)s gives the applicant\'s age as %(stated)s for "%(title)s" (%(when)s), but with '
                       "the birth date %(birth)s the applicant was %(low)s.")
    return gettext('%(source)s gives the applicant\'s age as %(stated)s for "%(title)s" (%(when)s), but with '
                   "the birth date %(birth)s the applicant was between %(low)s and %(high)s.")


# --- place_conflict ------------------------------------------------------------------------


def _place_conflicts(event: EventView) -> Iterator[Finding]:
    placed = [(w, w.place) for w in _witnesses(event) if w.place and w.place.strip()]
    for (first, first_place), (second, second_place) in combinations(placed, 2):
        if not places_agree(first_place, second_place):
            yield Finding(
                code="place_conflict",
                severity="medium",
                message=gettext(
                    'Places disagree for "%(title)s": %(first)s says "%(first_place)s", %(second)s says '
                    '"%(second_place)s".'
                ) % {"title": event.title, "first": first.label, "first_place": first_place,
                     "second": second.label, "second_place": second_place},
                advice=gettext(
                    "Ask the client where it happened. If both are right (moved from one "
                    "place to another, a district and its town), say so in the declaration; "
                    "otherwise correct the wrong place."
                ),
                refs=_refs(event.key, *first.refs, *second.refs),
            )


# --- sequence_conflict ---------------------------------------------------------------------


def _release_conflicts(events: tuple[EventView, ...], *, margin_days: int) -> Iterator[Finding]:
    """A release against the latest detention listed before it, of the same person group."""
    last_detention: dict[bool, EventView] = {}
    for event in events:
        if event.kind == "detention":
            last_detention[event.concerns_applicant] = event
            continue
        detention = last_detention.get(event.concerns_applicant)
        if event.kind != "release" or detention is None:
            continue
        if _dated_before(event, detention, margin_days=margin_days):
            yield _sequence_finding(
                message=gettext(
                    '"%(title)s" (%(when)s) is dated before the detention it ends, "%(detention)s" (%(since)s).'
                ) % {"title": event.title, "when": _human(event), "detention": detention.title,
                     "since": _human(detention)},
                advice=gettext(
                    "A release cannot come before the detention began. Check both dates with "
                    "the client and the documents and correct the wrong one; if the release "
                    "ends another detention, add that detention to the chronology."
                ),
                refs=_refs(event.key, detention.key),
            )


def _after_departure_conflicts(
    events: tuple[EventView, ...], *, margin_days: int
) -> Iterator[Finding]:
    """Things that happened to the applicant at home after the applicant's last departure."""
    departure = _last_departure(events)
    if departure is None:
        return
    for event in events:
        if _happens_at_home(event) and _dated_before(departure, event, margin_days=margin_days):
            yield _sequence_finding(
                message=gettext(
                    '"%(title)s" (%(when)s) is recorded as happening to the applicant in the home country, but '
                    'comes after the departure "%(departure)s" (%(left)s).'
                ) % {"title": event.title, "when": _human(event), "departure": departure.title,
                     "left": _human(departure)},
                advice=gettext(
                    "Check the dates with the client. If it happened to someone else or "
                    "outside the home country (a threat received abroad, for example), mark "
                    "the event so; otherwise correct its date or the departure's."
                ),
                refs=_refs(event.key, departure.key),
            )


def _last_departure(events: tuple[EventView, ...]) -> EventView | None:
    """The applicant's latest departure: after a return home, only the final one counts."""
    departures = [
        (e.date.sort_key, e)
        for e in events
        if e.kind == "departure" and e.concerns_applicant and e.date is not None
    ]
    return max(departures, key=lambda pair: pair[0], default=(None, None))[1]


def _happens_at_home(event: EventView) -> bool:
    if not event.concerns_applicant or event.kind in _NOT_HOME_KINDS:
        return False
    if event.in_home_country is None:
        return event.kind in _HOME_KINDS
    return event.in_home_country


def _document_conflicts(
    event: EventView, document_dates: Mapping[str, FuzzyDate], *, margin_days: int
) -> Iterator[Finding]:
    """A document dated before the event it reports (the event's date or its own account's)."""
    for doc_key, report in _reporting_documents(event, document_dates).items():
        late = [d for d in report.reported if _before(report.date, d, margin_days=margin_days)]
        if late:
            yield _sequence_finding(
                message=gettext(
                    '%(document)s is dated %(date)s, before "%(title)s" (%(when)s), which it reports.'
                ) % {"document": report.label, "date": report.date.words(), "title": event.title,
                     "when": late[0].words()},
                advice=gettext(
                    "A document cannot report what happened after it was written. Check the "
                    "document's date and the event's date and correct the wrong one, or unlink "
                    "the document if it reports another event."
                ),
                refs=_refs(event.key, doc_key),
            )


@dataclass
class _Report:
    """A dated document that reports an event, and the dates it is said to report."""

    label: str
    date: FuzzyDate
    reported: list[FuzzyDate]


def _reporting_documents(
    event: EventView, document_dates: Mapping[str, FuzzyDate]
) -> dict[str, _Report]:
    """Each dated document linked to the event, once, under its source label when it has one."""
    reports: dict[str, _Report] = {}
    for doc_key in event.reported_by:
        if doc_key in document_dates and event.date is not None:
            report = reports.setdefault(
                doc_key, _Report(gettext("Document %(key)s") % {"key": doc_key}, document_dates[doc_key], [])
            )
            report.reported.append(event.date)
    for account in event.accounts:
        source = account.source
        doc_date = source.document_date or document_dates.get(source.key)
        if doc_date is None:
            continue
        report = reports.setdefault(source.key, _Report(source.label, doc_date, []))
        report.label = source.label
        report.reported += [d for d in (event.date, account.date) if d is not None]
    return reports


# --- helpers -------------------------------------------------------------------------------


def _sequence_finding(*, message: str, advice: str, refs: tuple[str, ...]) -> Finding:
    return Finding(
        code="sequence_conflict", severity="high", message=message, advice=advice, refs=refs
    )


def _dated_before(a: EventView, b: EventView, *, margin_days: int) -> bool:
    if a.date is None or b.date is None:
        return False
    return _before(a.date, b.date, margin_days=margin_days)


def _human(event: EventView) -> str:
    return event.date.words() if event.date is not None else gettext("undated")


def _refs(*keys: str) -> tuple[str, ...]:
    """Keys in order of first mention, each once (an account's source may repeat)."""
    return tuple(dict.fromkeys(keys))
