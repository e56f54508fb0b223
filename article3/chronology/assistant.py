"""The extraction assistant's reads: a document's dated statements, each with its decision.

The statements are read from the document's page texts on the task worker (``extract`` is slow
on a long document) and kept, encrypted, in ``StatementExtraction`` until the text changes. Each
proposal carries a signed token with exactly what was proposed, so that accepting it adds the
statement that was shown, with its page and paragraph, and nothing else; the decision is stored
(``StatementReview``) so a statement is offered once.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core import signing
from django.db.models import Max
from django.utils.translation import gettext as _

from article3.chronology.dates import FuzzyDate, compatible
from article3.chronology.models import Event, StatementReview
from article3.chronology.selectors import fuzzy_or_none, margin_days
from article3.chronology.sources import document_page_texts
from article3.errors import DomainError
from article3.evidence.models import Document, DocumentPage

if TYPE_CHECKING:
    from article3.chronology.extract import Proposal

_SALT = "article3.chronology.statement"


@dataclass(frozen=True)
class Statement:
    """A dated statement as proposed: where it is, what it says, the date it gives."""

    page: int
    paragraph: int
    sentence: str
    date_text: str
    date: str  # case-package form, "2019-03-14"
    kind_guess: str = ""

    @property
    def fingerprint(self) -> str:
        text = f"{self.page}|{self.paragraph}|{self.sentence}|{self.date_text}"
        return hashlib.sha256(text.encode()).hexdigest()

    @classmethod
    def from_proposal(cls, proposal: Proposal) -> Statement:
        return cls(page=proposal.page, paragraph=proposal.paragraph, sentence=proposal.sentence,
                   date_text=proposal.date_text, date=str(proposal.date), kind_guess=proposal.kind_guess or "")

    def as_json(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Statement:
        return cls(page=int(data["page"]), paragraph=int(data["paragraph"]), sentence=str(data["sentence"]),
                   date_text=str(data["date_text"]), date=str(data["date"]), kind_guess=str(data.get("kind_guess", "")))


@dataclass(frozen=True)
class ProposalRow:
    statement: Statement
    token: str
    review: StatementReview | None
    parts: tuple[str, str, str]  # the sentence before, at and after the date words
    suggested_event: Event | None


def text_version(document: Document) -> str:
    """What the statements of a document are read from: its derived file, its page texts (rows
    written anew whenever the document is converted again) and its language. Any change to one of
    them means the document is read again."""
    last = DocumentPage.objects.filter(document=document).aggregate(last=Max("pk"))["last"]
    return f"{document.derived_sha256[:32]}:{document.pages}:{last or 0}:{document.language}"[:120]


def read_statements(*, document: Document, progress: Callable[[int, int], None] | None = None) -> list[Statement]:
    """Every dated statement of the document's text, in reading order (slow: run on the worker)."""
    from article3.chronology.extract import propose_statements  # dateparser: loaded where it is used

    proposals = propose_statements(pages=document_page_texts(document), language=document.language or None,
                                   progress=progress)
    return [Statement.from_proposal(p) for p in proposals]


def document_proposals(*, document: Document, statements: list[Statement]) -> list[ProposalRow]:
    """The statements read from the document, in reading order, each with any decision taken."""
    reviews = {r.fingerprint: r for r in document.statement_reviews.select_related("event", "account__event")}
    events = list(document.case.events.all())
    rows = []
    for statement in statements:
        rows.append(ProposalRow(
            statement=statement, token=statement_token(document=document, statement=statement),
            review=reviews.get(statement.fingerprint), parts=_split(statement),
            suggested_event=_suggest(events, fuzzy_or_none(statement.date), statement.kind_guess or None),
        ))
    return rows


def statement_token(*, document: Document, statement: Statement) -> str:
    payload = {"document": document.pk, "page": statement.page, "paragraph": statement.paragraph,
               "sentence": statement.sentence, "date_text": statement.date_text, "date": statement.date,
               "kind": statement.kind_guess}
    return signing.dumps(payload, salt=_SALT, compress=True)


def statement_from_token(*, document: Document, token: str) -> Statement:
    """The statement a token was made for, if it was made by us for this document."""
    try:
        payload = signing.loads(token, salt=_SALT)
    except signing.BadSignature as exc:
        raise DomainError(_("This proposal could not be read; reload the page and try again.")) from exc
    if payload.get("document") != document.pk:
        raise DomainError(_("This proposal belongs to another document."))
    return Statement(page=payload["page"], paragraph=payload["paragraph"], sentence=payload["sentence"],
                     date_text=payload["date_text"], date=payload["date"], kind_guess=payload.get("kind", ""))


def _split(statement: Statement) -> tuple[str, str, str]:
    at = statement.sentence.find(statement.date_text) if statement.date_text else -1
    if at < 0:
        return statement.sentence, "", ""
    end = at + len(statement.date_text)
    return statement.sentence[:at], statement.sentence[at:end], statement.sentence[end:]


def _suggest(events: list[Event], when: FuzzyDate | None, kind: str | None) -> Event | None:
    """The event the statement most likely speaks of: same date (within precision), same kind first."""
    if when is None:
        return None
    margin = margin_days()
    matching = [e for e in events if (d := fuzzy_or_none(e.date)) and compatible(d, when, margin_days=margin)]
    same_kind = [e for e in matching if e.kind == kind]
    return next(iter(same_kind or matching), None)
