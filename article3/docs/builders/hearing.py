"""Hearing preparation for the team: the direct-examination outline and the anticipated cross-examination.

Both are work product, kept inside the team: they are never filed or served, so nobody is redacted
from them (see models.FOR_OTHER_PARTY).
"""

from __future__ import annotations

from typing import Any

from article3.cases.models import Case
from article3.docs.builders.common import Built, case_context, case_sources, note


def _where(pin: Any) -> str:
    if pin.bundle_page is None:
        return pin.document.label if pin.whole else f"{pin.document.label}, page {pin.page}"
    exhibit = f"Exhibit {pin.exhibit}, " if pin.exhibit else ""
    paragraph = f", paragraph {pin.paragraph}" if pin.paragraph else ""
    return f"{pin.document.label}: {exhibit}bundle page {pin.bundle_page}{paragraph}"


def _bundle_note(build_id: int | None) -> list[Any]:
    if build_id is None:
        return [note("No bundle has been built yet: page numbers are the documents' own. Build the bundle and "
                     "generate this again to cite bundle pages.")]
    return []


def build_outline(case: Case, options: dict[str, Any]) -> Built:
    from article3.hearing.outline import outline
    from article3.hearing.questions import last_page_map

    topics = [{"number": n, "title": t.item.title, "elicit": t.item.elicit.strip() or "—",
               "exhibits": "; ".join(_where(p) for p in t.exhibits) or "—",
               "witnesses": t.item.witnesses.strip() or "The applicant only."}
              for n, t in enumerate(outline(case=case), start=1)]
    context = case_context(case, "Direct-examination outline")
    context["topics"] = topics
    context["notes"] = _bundle_note(last_page_map(case).build_id) + (
        [] if topics else [note("The outline is empty: start it on the Hearing tab.")])
    return Built(context=context, sources=outline_sources(case, options))


def outline_sources(case: Case, options: dict[str, Any]) -> dict[str, Any]:
    from article3.hearing.questions import last_page_map

    return {**case_sources(case), "bundle_build": last_page_map(case).build_id,
            "outline": {str(i.pk): i.version for i in case.outline_items.all()}}


def build_cross(case: Case, options: dict[str, Any]) -> Built:
    from article3.hearing.questions import preparation

    prep = preparation(case=case)
    questions = [{"number": n, "text": q.text, "source": q.source,
                  "where": "; ".join(_where(p) for p in q.pinpoints) or "—",
                  "answer": (q.answer.answer if q.answer else "") or "(no answer recorded yet)",
                  "status": ("approved by the attorney" if q.answer.approved else "awaiting approval")
                  if q.answer else ""}
                 for n, q in enumerate(prep.questions, start=1)]
    context = case_context(case, "Anticipated cross-examination")
    context["questions"] = questions
    context["notes"] = _bundle_note(prep.pages.build_id)
    return Built(context=context, sources=cross_sources(case, options))


def cross_sources(case: Case, options: dict[str, Any]) -> dict[str, Any]:
    from article3.hearing.questions import last_page_map

    return {**case_sources(case), "bundle_build": last_page_map(case).build_id,
            "events": {e.key: e.version for e in case.events.all()},
            "answers": {a.question_id: a.version for a in case.cross_answers.all()}}
