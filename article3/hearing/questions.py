"""Anticipated cross-examination, built from the case's own findings.

Each question comes from one finding: an open conflict between sources (with both pinpoints, in
bundle pages of the last build when there is one), an element resting only on the applicant's
word, a medical finding "not consistent with" what it is linked to, a document whose translation
or currency is in doubt, and an attempt at protection at home whose outcome is not told. A
conflict already explained or corrected asks nothing: it was answered.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from article3.bundles.models import BuildStatus, BundleBuild
from article3.cases.models import Case
from article3.chronology.conflicts import _CHRONOLOGY_SIDE as CHRONOLOGY_SIDE
from article3.chronology.conflicts import Conflict, Side, conflicts
from article3.chronology.models import Account, DomesticRemedy
from article3.chronology.selectors import Snapshot, chronology_snapshot, date_words
from article3.evidence.models import Document, DocumentKind
from article3.findings import Finding, finding_id
from article3.hearing.models import CrossAnswer

CONFLICT_CODES = frozenset({"date_conflict", "age_conflict", "place_conflict", "sequence_conflict"})
DOCUMENT_CODES = frozenset({"translation_missing", "translation_outdated", "translation_uncertified",
                            "evidence_stale"})
REMEDY_UNTOLD = "remedy_unexplained"
# Where a question comes from, in a lawyer's words.
SOURCES = {
    "date_conflict": gettext_lazy("Dates disagree between sources"),
    "age_conflict": gettext_lazy("The age stated does not fit the birth date"),
    "place_conflict": gettext_lazy("Places disagree between sources"),
    "sequence_conflict": gettext_lazy("Events out of order"),
    "element_uncorroborated": gettext_lazy("Rests only on the client's word"),
    "medical_finding_not_consistent": gettext_lazy("Medical finding not consistent with the account"),
    "translation_missing": gettext_lazy("Document not translated"),
    "translation_outdated": gettext_lazy("Translation made from an earlier original"),
    "translation_uncertified": gettext_lazy("Translation without a certificate"),
    "evidence_stale": gettext_lazy("Document may be out of date"),
    "domestic_remedies_unexplained": gettext_lazy("No attempt to seek protection at home is recorded"),
    REMEDY_UNTOLD: gettext_lazy("Attempt to seek protection: what followed is not told"),
}


@dataclass(frozen=True)
class PageMap:
    """The last finished build's page map: bundle pages for (document, page)."""

    build_id: int | None
    documents: dict[str, dict[str, Any]] = field(default_factory=dict)

    def bundle_page(self, key: str, page: int) -> int | None:
        where = self.documents.get(key)
        if where is None or not 1 <= page <= where["end"] - where["start"] + 1:
            return None
        return int(where["start"]) + page - 1

    def exhibit(self, key: str) -> str | None:
        where = self.documents.get(key) or {}
        parent = self.documents.get(where.get("parent") or "") or {}
        return where.get("label") or parent.get("label")


def last_page_map(case: Case) -> PageMap:
    build = BundleBuild.objects.filter(case=case, status=BuildStatus.DONE).order_by("-pk").first()
    if build is None:
        return PageMap(build_id=None)
    return PageMap(build_id=build.pk, documents=dict(build.page_map.get("documents", {})))


@dataclass(frozen=True)
class Pinpoint:
    document: Document
    page: int
    bundle_page: int | None
    exhibit: str | None
    paragraph: int | None = None
    whole: bool = False  # the document as a whole: its first page, not one passage

    def cite(self) -> str:
        paragraph = f" ¶ {self.paragraph}" if self.paragraph else ""
        if self.bundle_page is None:
            return "" if self.whole else _("p. %(page)s") % {"page": self.page} + paragraph
        exhibit = _("Exh. %(exhibit)s") % {"exhibit": self.exhibit} + " " if self.exhibit else ""
        if self.whole:
            return exhibit + _("from p. %(page)s") % {"page": self.bundle_page}
        return exhibit + _("p. %(page)s") % {"page": self.bundle_page} + paragraph

    def as_json(self) -> dict[str, Any]:
        return {"document": self.document.key, "page": self.page, "bundle_page": self.bundle_page}


@dataclass(frozen=True)
class Question:
    id: str
    finding: Finding
    text: str
    pinpoints: tuple[Pinpoint, ...] = ()
    answer: CrossAnswer | None = None
    answered: bool = False  # a conflict already explained or corrected: no question any more

    @property
    def source(self) -> str:
        return str(SOURCES.get(self.finding.code, gettext_lazy("A weakness in the case")))

    @property
    def conflict(self) -> bool:
        return self.finding.code in CONFLICT_CODES

    def as_json(self) -> dict[str, Any]:
        return {"text": self.text, "finding": self.finding.code, "refs": list(self.finding.refs),
                "pinpoints": [p.as_json() for p in self.pinpoints],
                "answer": self.answer.answer if self.answer else None}


@dataclass(frozen=True)
class Preparation:
    case: Case
    pages: PageMap
    every: list[Question]  # open questions and those answered by an explained conflict

    @property
    def questions(self) -> list[Question]:
        return [q for q in self.every if not q.answered]

    def by_id(self, question_id: str) -> Question | None:
        return next((q for q in self.every if q.id == question_id), None)

    def as_json(self) -> dict[str, Any]:
        return {"bundle": self.pages.build_id, "questions": [q.as_json() for q in self.questions]}


class Namer:
    """How the client hears a document named: "your declaration", "the medical report at Exh. C p. 11"."""

    def __init__(self, documents: Iterable[Document], pages: PageMap) -> None:
        self.documents = {d.key: d for d in documents}
        self.pages = pages
        kinds = [d.kind for d in self.documents.values()]
        self.several = {k for k in kinds if kinds.count(k) > 1}

    def pin(self, document: Document, page: int | None = None, paragraph: int | None = None) -> Pinpoint:
        whole = page is None
        page = page or 1
        return Pinpoint(document=document, page=page, bundle_page=self.pages.bundle_page(document.key, page),
                        exhibit=self.pages.exhibit(document.key), paragraph=paragraph, whole=whole)

    def name(self, document: Document) -> str:
        if document.kind == DocumentKind.DECLARATION and DocumentKind.DECLARATION not in self.several:
            return _("your declaration")
        kind = document.get_kind_display().lower()
        if document.kind in self.several and document.title:
            return _("the %(kind)s “%(title)s”") % {"kind": kind, "title": document.title}
        return _("the %(kind)s") % {"kind": kind}

    def at(self, pin: Pinpoint) -> str:
        cite = pin.cite()
        return _("%(document)s at %(cite)s") % {"document": self.name(pin.document), "cite": cite} if cite \
            else self.name(pin.document)


def preparation(*, case: Case) -> Preparation:
    """Every anticipated question on the case, conflicts first, then the other findings in report order."""
    from article3.claims.report import gap_report

    pages = last_page_map(case)
    snapshot = chronology_snapshot(case=case)
    namer = Namer(snapshot.documents.values(), pages)
    answers = {a.question_id: a for a in CrossAnswer.objects.filter(case=case)}
    every = list(_conflict_questions(snapshot, namer))
    report = gap_report(case=case)
    every += _finding_questions(report, namer)
    every += _remedy_questions(case)
    return Preparation(case=case, pages=pages,
                       every=[_with_answer(q, answers.get(q.id)) for q in every])


def _with_answer(question: Question, answer: CrossAnswer | None) -> Question:
    if answer is None:
        return question
    return Question(id=question.id, finding=question.finding, text=question.text, pinpoints=question.pinpoints,
                    answer=answer, answered=question.answered)


# --- conflicts -----------------------------------------------------------------------------------


def _conflict_questions(snapshot: Snapshot, namer: Namer) -> Iterator[Question]:
    accounts = {key: account for event in snapshot.events for account in event.accounts.all()
                if (key := snapshot.account_keys.get(account.pk))}
    for conflict in conflicts(snapshot):
        pins = _conflict_pins(snapshot, conflict, accounts, namer)
        yield Question(id=conflict.id, finding=conflict.finding, text=_conflict_text(conflict, pins, accounts, namer),
                       pinpoints=tuple(pins.values()), answered=conflict.note is not None)


def _conflict_pins(snapshot: Snapshot, conflict: Conflict, accounts: dict[str, Account],
                   namer: Namer) -> dict[str, Pinpoint]:
    """Pinpoints by account key (or document key, for a document's own date), in the sides' order."""
    pins: dict[str, Pinpoint] = {}
    for key in conflict.account_keys:
        account = accounts[key]
        if account.document is not None:
            pins[key] = namer.pin(account.document, account.page or 1, account.paragraph)
    for ref in conflict.finding.refs:
        document = snapshot.documents.get(ref)
        if document is not None and not any(p.document.pk == document.pk for p in pins.values()):
            pins[ref] = namer.pin(document)
    return pins


def _conflict_text(conflict: Conflict, pins: dict[str, Pinpoint], accounts: dict[str, Account],
                   namer: Namer) -> str:
    code = conflict.finding.code
    said = [_said(code, side, source) for side, source in _sources(conflict, pins, accounts, namer)]
    said = [s for s in said if s]
    ask = {
        "date_conflict": _("Which is right, and why do they differ?"),
        "place_conflict": _("Where did it happen, and why do they differ?"),
        "age_conflict": _("How old were you then, and how do you count your age?"),
        "sequence_conflict": _("These dates cannot all be right: what happened first, and when?"),
    }[code]
    return _sentence(pgettext("between two statements in a question", "; ").join(said)) + " " + ask


def _sources(conflict: Conflict, pins: dict[str, Pinpoint], accounts: dict[str, Account],
             namer: Namer) -> list[tuple[Side, str]]:
    """Each side with how the client hears its source named. The sides are the chronology's own entry
    (first, when it is one), then one per account, then the birth date or the documents' own dates;
    the chronology's entry is left out when two sources speak, since it repeats one of them."""
    sides = list(conflict.sides)
    if conflict.finding.code == "sequence_conflict":
        documents = iter(p for k, p in pins.items() if k not in accounts)
        return [(side, namer.at(pin) if side.note and (pin := next(documents, None)) else side.label)
                for side in sides]
    own = sides.pop(0) if sides and sides[0].label == CHRONOLOGY_SIDE else None
    named = [(side, namer.at(pins[key]) if key in pins else
              _("the record of the %(interview)s") % {"interview": _lower(accounts[key].interview)})
             for side, key in zip(sides, conflict.account_keys, strict=False)]
    named += [(side, side.label) for side in sides[len(conflict.account_keys):]]
    if own is not None and len(conflict.account_keys) < 2:
        named.insert(0, (own, _("the case file")))
    return named


def _said(code: str, side: Side, source: str) -> str:
    if code == "place_conflict":
        return _("%(source)s says it happened in %(place)s") % {"source": source, "place": side.place} \
            if side.place else ""
    if code == "age_conflict":
        if side.age is not None:
            return _("%(source)s says you were %(age)s") % {"source": source, "age": side.age}
        return _("your birth date is recorded as %(date)s") % {"date": side.date} if side.date else ""
    if code == "sequence_conflict" and side.note:
        return _("%(source)s is dated %(date)s") % {"source": source, "date": side.date} if side.date else ""
    if code == "sequence_conflict":
        return _("“%(label)s” is dated %(date)s") % {"label": side.label, "date": side.date} if side.date else ""
    return _("%(source)s says %(date)s") % {"source": source, "date": side.date} if side.date else ""


# --- other findings ------------------------------------------------------------------------------


def _finding_questions(report: Any, namer: Namer) -> Iterator[Question]:
    for finding in report.findings:
        text, pins = _finding_text(report, finding, namer)
        if text:
            yield Question(id=finding_id(finding), finding=finding, text=text, pinpoints=pins)


def _finding_text(report: Any, finding: Finding, namer: Namer) -> tuple[str, tuple[Pinpoint, ...]]:
    code, refs = finding.code, finding.refs
    if code == "element_uncorroborated":
        row = report.snapshot.row(refs[0])
        if row is None:
            return "", ()
        return (_("On “%(element)s”: apart from your own account, who or what can confirm what you say? Did anyone "
                  "else see it or know of it, and is there any document, message, photograph or medical record of "
                  "it?") % {"element": row.element.label}, tuple(support_pins(row, namer)))
    if code == "medical_finding_not_consistent" and len(refs) > 2:
        document = namer.documents.get(refs[1])
        if document is None:
            return "", ()
        pin = namer.pin(document)
        number = refs[2].rsplit("-", 1)[-1]
        return (_sentence(_("%(document)s records finding %(number)s as not consistent with what you describe. How "
                            "did that injury happen, and did you tell the doctor everything about it?")
                          % {"document": namer.at(pin), "number": number}), (pin,))
    if code in DOCUMENT_CODES and refs:
        return _document_text(code, refs, namer)
    if code == "domestic_remedies_unexplained":
        return (_("Did you ask the police, a court or anyone else at home for protection? If not, why not: what did "
                  "you think would happen if you did?"), ())
    return "", ()


def support_pins(row: Any, namer: Namer) -> Iterator[Pinpoint]:
    """Where the applicant says it: the pinpointed documents the element's facts rest on."""
    for fact in row.facts:
        for support in fact.support.all():
            if support.document is not None and support.document.key in namer.documents:
                first = re.match(r"\s*(\d+)", support.pages or "")
                page = int(first.group(1)) if first else None
                yield namer.pin(support.document, page, support.paragraph)
            elif support.event is not None:  # the event as the applicant's own accounts tell it
                for account in support.event.accounts.all():
                    if account.document is not None and account.document.key in namer.documents:
                        yield namer.pin(namer.documents[account.document.key], account.page or 1, account.paragraph)


def _document_text(code: str, refs: tuple[str, ...], namer: Namer) -> tuple[str, tuple[Pinpoint, ...]]:
    original = namer.documents.get(refs[-1]) if code != "evidence_stale" else namer.documents.get(refs[0])
    if original is None:
        return "", ()
    pin = namer.pin(original)
    at = namer.at(pin)
    text = {
        "translation_missing": _("How did you get %(document)s, and what does it say, in your own words?"),
        "translation_outdated": _("Who translated %(document)s, and from which copy? Was it read back to you?"),
        "translation_uncertified": _("Who translated %(document)s, and what languages do they speak? Was it read "
                                     "back to you?"),
        "evidence_stale": _("%(document)s is from some time ago. Has anything changed since then?"),
    }[code]
    return _sentence(text % {"document": at}), (pin,)


def _remedy_questions(case: Case) -> Iterator[Question]:
    """An attempt at protection at home whose outcome is pending or whose aftermath is not told."""
    for remedy in DomesticRemedy.objects.filter(case=case).order_by("pk"):
        if remedy.consequence.strip() and remedy.outcome != "pending":
            continue
        finding = Finding(code=REMEDY_UNTOLD, severity="medium", refs=(remedy.key,),
                          message="An attempt to seek protection at home without what followed.",
                          advice="Ask the client what happened after it, and record it.")
        yield Question(id=finding_id(finding), finding=finding, text=_remedy_text(remedy))


def _remedy_text(remedy: DomesticRemedy) -> str:
    values = {"body": remedy.get_body_display().lower(), "date": date_words(remedy.date)}
    if not remedy.date:
        text = _("You went to the %(body)s. What happened after that, and why did you not go back or try elsewhere?")
    elif len(remedy.date) == 10:
        text = _("You went to the %(body)s on %(date)s. What happened after that, and why did you not go back or "
                 "try elsewhere?")
    else:
        text = _("You went to the %(body)s in %(date)s. What happened after that, and why did you not go back or "
                 "try elsewhere?")
    return text % values


def _lower(text: str) -> str:
    return text[:1].lower() + text[1:] if text else _("interview")


def _sentence(text: str) -> str:
    text = text.strip()
    text = text[:1].upper() + text[1:]
    return text if text.endswith((".", "?", "!")) else f"{text}."
