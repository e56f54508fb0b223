"""Rows for the claims tests, made through the services where there is one (and found again if made)."""

from __future__ import annotations

import datetime
import io
from typing import Any

from article3.cases.models import Case
from article3.claims import services
from article3.claims.models import Fact, Support
from article3.coi.models import CoiCitation, Passage, Report
from article3.evidence.models import Document, DocumentPage
from article3.evidence.storage import vault
from tests.chronology.factories import document_for, event_for

__all__ = ["citation_for", "document_for", "event_for", "fact_for", "support_for", "translation_for"]


def fact_for(case: Case, key: str = "f-test", elements: list[str] | None = None,
             text: str = "Gendarmes held the applicant for five days.") -> Fact:
    existing = case.facts.filter(key=key).first()
    if existing is not None:
        return existing
    return services.fact_add(actor="test", case=case, key=key, text=text,
                             elements=["past_torture"] if elements is None else elements)


def support_for(case: Case, fact: Fact | None = None, **fields: Any) -> Support:
    """Support of `fact` (default: the test fact); the test event unless told otherwise."""
    fact = fact or fact_for(case)
    if not fields:
        existing = fact.support.first()
        if existing is not None:
            return existing
        fields = {"kind": "event", "event": event_for(case)}
    return services.support_add(actor="test", fact=fact, **fields)


def translation_for(original: Document, *, key: str = "", certified: bool = True, needs_review: bool = False,
                    text: str = "The English text.") -> Document:
    translation = document_for(original.case, key or f"{original.key}-en", "translation", language="en",
                               pages=(text,))
    Document.objects.filter(pk=translation.pk).update(translates=original, certified=certified,
                                                      needs_review=needs_review)
    translation.refresh_from_db()
    return translation


def citation_for(case: Case, *, key: str = "coi-1", elements: tuple[str, ...] = ("country_conditions",),
                 date: datetime.date | None = datetime.date(2026, 6, 1), title: str = "Country report") -> CoiCitation:
    """A passage of a report in the case organisation's library, cited in the case (its file in the vault)."""
    digest = vault().put(stream=io.BytesIO(f"{title} ({case.pk}:{key})".encode())).sha256
    report = Report.objects.create(
        organisation=case.organisation, title=title, publisher="Rights Monitor", date=date, sha256=digest,
        text_sha256=digest, file_type="txt", imported_by="test")
    passage = Passage.objects.create(report=report, paragraph=3, page=2,
                                     text="Torture in gendarmerie custody remained widespread.")
    return CoiCitation.objects.create(case=case, key=key, passage=passage, report=report, quote=passage.text,
                                      page=2, paragraph=3, elements=list(elements), created_by="test")


def page_text(document: Document, text: str) -> None:
    DocumentPage.objects.update_or_create(document=document, number=1, defaults={"text": text})
