"""Findings as people read them: each conflict with its sides, to be compared side by side.

A finding names the objects involved by key (event, account, document). Here each key becomes a
side: who says what ("Declaration ¶14: 14–19 March 2019, Bamenda, age 17"), so the event page
can put the two sources of a conflict next to each other and the timeline can mark them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import cast

from django.utils.translation import gettext, gettext_lazy, pgettext_lazy

from article3.chronology.dates import compatible
from article3.chronology.models import Account, ConflictNote, Event
from article3.chronology.selectors import Snapshot, date_words, fuzzy_or_none
from article3.findings import Finding, finding_id

# Typed as the text it becomes: the hearing questions compare side labels with it.
_CHRONOLOGY_SIDE = cast(str, gettext_lazy("The chronology"))
TITLES = {
    "date_conflict": gettext_lazy("Dates disagree"),
    "age_conflict": gettext_lazy("The age stated does not fit the birth date"),
    "place_conflict": gettext_lazy("Places disagree"),
    "sequence_conflict": gettext_lazy("Events out of order"),
}
SEVERITIES = {"high": pgettext_lazy("severity", "high"), "medium": pgettext_lazy("severity", "medium"),
              "low": pgettext_lazy("severity", "low")}


@dataclass(frozen=True)
class Side:
    """One statement in a conflict."""

    label: str
    date: str  # in words, "" when the side gives none
    place: str = ""
    age: int | None = None
    quote: str = ""
    event_key: str = ""  # the event this side is about, for a link
    note: str = ""  # what the date is, when it is not the date of the event


@dataclass(frozen=True)
class Conflict:
    id: str  # stable HTML id: "c-" and a short hash of the code and references
    finding: Finding
    event_keys: tuple[str, ...]
    account_keys: tuple[str, ...]
    sides: tuple[Side, ...]
    note: ConflictNote | None = None  # the lawyer's explanation or correction, if any

    @property
    def title(self) -> str:
        return str(TITLES.get(self.finding.code, self.finding.code))

    @property
    def severity(self) -> str:
        """The finding's severity in words ("high")."""
        return str(SEVERITIES.get(self.finding.severity, self.finding.severity))


def conflicts(snapshot: Snapshot) -> list[Conflict]:
    """Every finding of the snapshot with its sides, in the findings' order (shared: read only)."""
    return snapshot.worked_out("conflicts", lambda: _conflicts(snapshot))


def _conflicts(snapshot: Snapshot) -> list[Conflict]:
    events = {e.key: e for e in snapshot.events}
    accounts = {snapshot.account_keys[a.pk]: (e, a) for e in snapshot.events for a in e.accounts.all()}
    return [_conflict(snapshot, finding, events, accounts) for finding in snapshot.findings]


def conflicts_for_event(snapshot: Snapshot, key: str) -> list[Conflict]:
    return [c for c in conflicts(snapshot) if key in c.event_keys]


def _conflict(
    snapshot: Snapshot, finding: Finding, events: dict[str, Event], accounts: dict[str, tuple[Event, Account]]
) -> Conflict:
    event_keys = tuple(r for r in finding.refs if r in events)
    account_keys = tuple(r for r in finding.refs if r in accounts)
    sides = [_account_side(snapshot, *accounts[k]) for k in account_keys]
    if event_keys and _chronology_is_a_side(snapshot, finding, events[event_keys[0]],
                                            [accounts[k][1] for k in account_keys]):
        sides.insert(0, _chronology_side(events[event_keys[0]]))
    elif finding.code == "age_conflict":
        sides.append(_birth_side(snapshot))
    elif finding.code == "sequence_conflict":
        sides = [_event_side(events[k]) for k in event_keys] + _document_sides(snapshot, finding, accounts)
    conflict_id = finding_id(finding)
    return Conflict(id=conflict_id, finding=finding, event_keys=event_keys, account_keys=account_keys,
                    sides=tuple(sides), note=snapshot.notes.get(conflict_id))


def _chronology_is_a_side(snapshot: Snapshot, finding: Finding, event: Event, sources: list[Account]) -> bool:
    """Whether the event's own entry is one of the sides: for dates, when it disagrees with a source."""
    if finding.code == "place_conflict":
        return len(sources) < 2
    if finding.code != "date_conflict":
        return False
    own = fuzzy_or_none(event.date)
    dated = [d for d in (fuzzy_or_none(a.date) for a in sources) if d is not None]
    return own is not None and (len(dated) < 2 or any(
        not compatible(own, d, margin_days=snapshot.margin_days) for d in dated))


def _account_side(snapshot: Snapshot, event: Event, account: Account) -> Side:
    return Side(label=snapshot.labels[account.pk], date=date_words(account.date), place=account.place,
                age=account.age_stated, quote=account.quote, event_key=event.key)


def _chronology_side(event: Event) -> Side:
    return Side(label=str(_CHRONOLOGY_SIDE), date=date_words(event.date), place=event.place, event_key=event.key)


def _event_side(event: Event) -> Side:
    return Side(label=event.title, date=date_words(event.date), place=event.place, event_key=event.key)


def _birth_side(snapshot: Snapshot) -> Side:
    birth = snapshot.view.birth_date
    return Side(label=gettext("Applicant's birth date"), date=birth.words() if birth else "")


def _document_sides(snapshot: Snapshot, finding: Finding, accounts: dict[str, tuple[Event, Account]]) -> list[Side]:
    """The dated document of a "document before the event" finding, under its source label."""
    sides = []
    for ref in finding.refs:
        document = snapshot.documents.get(ref)
        if document is None:
            continue
        labels = _labels_by_document(snapshot, accounts).get(document.pk, [])
        sides.append(Side(label=labels[0] if labels else document.label, date=date_words(document.date),
                          note=gettext("the date the document bears")))
    return sides


def _labels_by_document(snapshot: Snapshot, accounts: dict[str, tuple[Event, Account]]) -> dict[int, list[str]]:
    """Document pk -> the source labels of its accounts, in the accounts' order (worked out once)."""
    def work() -> dict[int, list[str]]:
        found: dict[int, list[str]] = {}
        for _, account in accounts.values():
            if account.document_id is not None:
                found.setdefault(account.document_id, []).append(snapshot.labels[account.pk])
        return found

    return snapshot.worked_out("labels_by_document", work)
