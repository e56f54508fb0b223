"""Reads for the chronology, always of a case the caller obtained through `case_get_for_user`.

`chronology_snapshot` turns the rows into the plain dataclasses the consistency checks read
(`checks.Chronology`), and keeps what the pages need beside them: each account's source label
and key, so that a finding's references can be shown as the sources people recognise.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any, TypeVar

from django.conf import settings
from django.db.models import Prefetch
from django.http import Http404
from django.utils.text import slugify

from article3.cases.models import Applicant, Case
from article3.chronology.checks import AccountView, Chronology, EventView, SourceRef, run_checks
from article3.chronology.dates import DEFAULT_MARGIN_DAYS, DateFormatError, FuzzyDate
from article3.chronology.models import Account, ConflictNote, Event
from article3.evidence.models import Document, DocumentKind, MedicalFinding
from article3.findings import Finding, finding_id
from article3.snapshots import Parts

# Kinds too vague to name a source on their own: "Other p.2" says nothing.
_VAGUE_KINDS = frozenset({DocumentKind.OTHER, DocumentKind.TRANSLATION})
T = TypeVar("T")


@dataclass(frozen=True)
class Snapshot(Parts):
    """A case's chronology as read once: rows, the checks' view of them, and the findings."""

    case: Case
    events: list[Event]  # in the chronology's own order, accounts prefetched
    documents: dict[str, Document]  # by key
    view: Chronology
    labels: dict[int, str]  # account pk -> "Declaration ¶14"
    account_keys: dict[int, str]  # account pk -> "e-arrest-2019#0"
    findings: list[Finding]
    margin_days: int
    notes: dict[str, ConflictNote] = field(default_factory=dict)  # by conflict id
    # What pages work out from the snapshot (its conflicts, its rows), kept with it: a kept snapshot
    # is shared by requests (article3/snapshots.py), and its copies for each request share this too.
    derived: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)


def margin_days() -> int:
    """How far an "approximately" date may be off, from ARTICLE3_APPROX_MARGIN_DAYS."""
    return int(getattr(settings, "ARTICLE3_APPROX_MARGIN_DAYS", DEFAULT_MARGIN_DAYS))


def fuzzy_or_none(text: str | None) -> FuzzyDate | None:
    """A stored date text read as a fuzzy date; empty or unreadable text is no date."""
    if not text:
        return None
    try:
        return FuzzyDate.parse(text)
    except DateFormatError:
        return None


def date_words(text: str) -> str:
    """A stored date in words for a reader, in the active language ("14–19 March 2019", "14–19 mars 2019");
    unreadable text as it is."""
    parsed = fuzzy_or_none(text)
    return parsed.words() if parsed else text


def event_get(*, case: Case, key: str) -> Event:
    """An event of a case the caller already obtained through the access selector; else 404."""
    event = case.events.filter(key=key).first()
    if event is None:
        raise Http404
    return event


def account_get(*, event: Event, account_id: int) -> Account:
    account = event.accounts.filter(pk=account_id).select_related("document").first()
    if account is None:
        raise Http404
    return account


def chronology_findings(case: Case) -> list[Finding]:
    """Every inconsistency in the case's chronology, the most serious first (for `case check`)."""
    return chronology_snapshot(case=case).findings


def chronology_snapshot(*, case: Case) -> Snapshot:
    """The case's chronology, read afresh or as kept since the case last changed (article3/snapshots.py)."""
    from article3.snapshots import kept

    snapshot = kept("chronology", case, lambda: _read_snapshot(case), extra=(margin_days(),))
    return snapshot if snapshot.case is case else replace(snapshot, case=case)


def _read_snapshot(case: Case) -> Snapshot:
    # A withdrawn document's accounts and findings are out of the checks until it is restored.
    kept = {"document__withdrawn_at__isnull": True}
    events = list(case.events.prefetch_related(
        Prefetch("accounts", queryset=Account.objects.filter(**kept)),
        Prefetch("findings", queryset=MedicalFinding.objects.filter(**kept)),
    ).order_by("pk"))
    documents = {d.key: d for d in case.documents.filter(withdrawn_at__isnull=True)}
    # Each account and finding points at the one copy of its document read above, rather than a
    # copy of its own (decrypting the same document's fields once per account).
    by_pk = {d.pk: d for d in documents.values()}
    for event in events:
        for account in event.accounts.all():
            if account.document_id in by_pk:
                account.document = by_pk[account.document_id]
        for finding in event.findings.all():
            if finding.document_id in by_pk:
                finding.document = by_pk[finding.document_id]
    labeller = _labeller(documents.values())
    labels, keys, interviews = {}, {}, _interview_keys(events)
    for event in events:
        for index, account in enumerate(event.accounts.all()):
            labels[account.pk] = labeller(account)
            keys[account.pk] = f"{event.key}#{index}"
    view = Chronology(
        events=tuple(_event_view(event, labels, keys, interviews) for event in events),
        birth_date=_birth_date(case),
        document_dates={k: d for k, d in ((k, fuzzy_or_none(doc.date)) for k, doc in documents.items()) if d},
    )
    margin = margin_days()
    notes = {n.conflict_id: n for n in case.conflict_notes.all()}
    findings = [_answered(f, notes.get(finding_id(f))) for f in run_checks(view, margin_days=margin)]
    return Snapshot(case=case, events=events, documents=documents, view=view, labels=labels,
                    account_keys=keys, findings=findings, margin_days=margin, notes=notes)


def _answered(finding: Finding, note: ConflictNote | None) -> Finding:
    """An explained or corrected conflict stays on record, as a low finding that says how it was answered."""
    if note is None:
        return finding
    return replace(finding, severity="low", message=f"{finding.message} {note.get_status_display()}: {note.note}",
                   advice="Answered; reopen it if the explanation no longer holds.")


def source_key(account: Account, interviews: Mapping[int, str] | None = None) -> str:
    """The package key of the account's document, or the interview's key from `_interview_keys`."""
    if account.document is not None:
        return account.document.key
    return (interviews or {}).get(account.pk) or f"interview:a{account.pk}"


def _interview_keys(events: Iterable[Event]) -> dict[int, str]:
    """Account pk -> "interview:2": one number per interview of the case, in the order first cited.

    Finding references carry these keys into pages and `case check` output, so they are numbers
    rather than the interview's name (which can name a person); accounts of the same interview,
    however its name is spelled or spaced, share one.
    """
    accounts = sorted((a for e in events for a in e.accounts.all() if a.document is None), key=lambda a: a.pk)
    numbers: dict[str, int] = {}
    keys = {}
    for account in accounts:
        name = slugify(account.interview) or f"account-{account.pk}"
        keys[account.pk] = f"interview:{numbers.setdefault(name, len(numbers) + 1)}"
    return keys


def _labeller(documents: Iterable[Document]) -> Callable[[Account], str]:
    """How each account's source is named: "Declaration ¶14", "Medical report p.1"."""
    kinds = Counter(doc.kind for doc in documents)

    def name(document: Document) -> str:
        if kinds[document.kind] == 1 and document.kind not in _VAGUE_KINDS:
            return document.get_kind_display()
        return document.title or f"{document.get_kind_display()} {document.key}"

    def label(account: Account) -> str:
        # Declarations are cited by paragraph, numbered through the document; other documents by page.
        if account.document is None:
            return account.interview or "Unnamed source"
        if account.paragraph:
            return f"{name(account.document)} ¶{account.paragraph}"
        return f"{name(account.document)} p.{account.page}" if account.page else name(account.document)

    return label


def _event_view(event: Event, labels: dict[int, str], keys: dict[int, str], interviews: dict[int, str]) -> EventView:
    accounts = tuple(
        AccountView(
            key=keys[a.pk],
            source=SourceRef(key=source_key(a, interviews), label=labels[a.pk],
                             document_date=fuzzy_or_none(a.document.date) if a.document else None),
            date=fuzzy_or_none(a.date),
            place=a.place or None,
            age_stated=a.age_stated,
        )
        for a in event.accounts.all()
    )
    reporters = [a.document.key for a in event.accounts.all() if a.document is not None]
    reporters += [f.document.key for f in event.findings.all()]
    return EventView(
        key=event.key, kind=event.kind, title=event.title, date=fuzzy_or_none(event.date),
        place=event.place or None, concerns_applicant=event.concerns_applicant,
        in_home_country=event.in_home_country, reported_by=tuple(dict.fromkeys(reporters)),
        accounts=accounts,
    )


def _birth_date(case: Case) -> FuzzyDate | None:
    # Read afresh: a case object held by a caller may carry an applicant loaded before an edit.
    birth = Applicant.objects.filter(case=case).values_list("birth_date", flat=True).first()
    return fuzzy_or_none(birth)
