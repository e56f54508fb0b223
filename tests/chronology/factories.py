"""Rows for chronology tests, made through the services (and found again if already made)."""

from article3.cases.models import Case
from article3.chronology import services
from article3.chronology.models import Account, Event
from article3.evidence.models import Document, DocumentPage


def document_for(case: Case, key: str = "d-declaration", kind: str = "declaration", *, date: str = "",
                 title: str = "", language: str = "en", pages: tuple[str, ...] = ()) -> Document:
    """A document row with page texts, as the evidence app leaves it after reading the file."""
    document, created = Document.objects.get_or_create(
        case=case, key=key, defaults={"kind": kind, "date": date, "title": title, "language": language,
                                      "pages": len(pages), "status": "ready"})
    if created:
        for number, text in enumerate(pages, start=1):
            DocumentPage.objects.create(document=document, number=number, text=text)
    return document


def event_for(case: Case, key: str = "e-test", **fields: object) -> Event:
    existing = case.events.filter(key=key).first()
    if existing is not None:
        return existing
    defaults = {"kind": "detention", "title": "Held at the station", "date": "2019-03-14"}
    return services.event_add(actor="test", case=case, key=key, **{**defaults, **fields})


def account_for(case: Case, **fields: object) -> Account:
    event = event_for(case)
    existing = event.accounts.first()
    if existing is not None:
        return existing
    return services.account_add(actor="test", event=event, **{"interview": "First interview", **fields})


def conflict_for(case: Case) -> str:
    """The id of a date conflict: two interviews that put the same arrest a year apart."""
    from article3.chronology.conflicts import conflicts
    from article3.chronology.selectors import chronology_snapshot

    event = event_for(case, key="e-disputed", date="2019-03-14")
    if not event.accounts.exists():
        services.account_add(actor="test", event=event, interview="First interview", date="2019-03-14")
        services.account_add(actor="test", event=event, interview="Second interview", date="2020-06-01")
    return next(c.id for c in conflicts(chronology_snapshot(case=case)) if "e-disputed" in c.event_keys)
