"""Rows for chronology tests, made through the services (and found again if already made)."""

import io

from article3.cases.models import Case
from article3.chronology import services
from article3.chronology.models import Account, DomesticRemedy, Event
from article3.evidence.models import Document, DocumentPage
from article3.evidence.storage import vault


def document_for(case: Case, key: str = "d-declaration", kind: str = "declaration", *, date: str = "",
                 title: str = "", language: str = "en", pages: tuple[str, ...] = ()) -> Document:
    """A document row with page texts, as the evidence app leaves it after reading the file (its
    original, the page texts as a text file, in the vault)."""
    found = Document.objects.filter(case=case, key=key).first()
    if found is not None:
        return found
    original = "\n\f".join((f"{case.pk}:{key}", *pages)).encode()
    sha = vault().put(stream=io.BytesIO(original)).sha256
    document = Document.objects.create(
        case=case, key=key, kind=kind, date=date, title=title, language=language, pages=len(pages), status="ready",
        original_sha256=sha, original_size=len(original), original_type="txt", original_name=f"{key}.txt")
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


def remedy_for(case: Case) -> DomesticRemedy:
    existing = case.domestic_remedies.first()
    if existing is not None:
        return existing
    return services.remedy_add(actor="test", case=case, date="2019-04", body="police", outcome="refused")


def conflict_for(case: Case) -> str:
    """The id of a date conflict: two interviews that put the same arrest a year apart."""
    from article3.chronology.conflicts import conflicts
    from article3.chronology.selectors import chronology_snapshot

    event = event_for(case, key="e-disputed", date="2019-03-14")
    if not event.accounts.exists():
        services.account_add(actor="test", event=event, interview="First interview", date="2019-03-14")
        services.account_add(actor="test", event=event, interview="Second interview", date="2020-06-01")
    return next(c.id for c in conflicts(chronology_snapshot(case=case)) if "e-disputed" in c.event_keys)
