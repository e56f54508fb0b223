"""Grounds of appeal or judicial review (skeleton), from the adverse findings tagged on the decision: each
ground names the finding by page and paragraph and sets out what the record held against it, with
bundle pages; the deadline comes from the deadline engine and the standard of review from the rule pack."""

from __future__ import annotations

from typing import Any

from article3.cases.models import Case
from article3.docs.builders.brief import authority
from article3.docs.builders.common import Built, case_context, note
from article3.docs.builders.international import sources as case_record_sources
from article3.words import Words, gettext_noop


def build(case: Case, options: dict[str, Any]) -> Built:
    from article3.remedies.review import record_against, review_deadlines, review_standard

    context = case_context(case, "Grounds of appeal or judicial review (skeleton)")
    findings = list(case.adverse_findings.select_related("decision").order_by("page", "paragraph", "pk"))
    answered = record_against(findings=findings, case=case)
    standard = review_standard(case)
    deadlines = review_deadlines(case)
    context.update({
        "standard": {"text": standard.text, "source": authority(standard.source)} if standard else
        {"text": "The rule pack of this forum states no standard of review.", "source": ""},
        "deadlines": [f"{d.label}: {d.due:%-d %B %Y} ({d.citation}{'' if d.verified else ', unverified'})"
                      if d.due else f"{d.label}: no fixed time limit ({d.citation})" for d in deadlines]
        or ["No appeal or review deadline is computed for this case: compute it on the Deadlines page."],
        "grounds": [_ground(number, item) for number, item in enumerate(answered, start=1)],
    })
    warnings = [] if findings else [Words(gettext_noop("No adverse finding is tagged: tag the findings of the "
                                                       "decision first."))]
    if not deadlines:
        warnings.append(Words(gettext_noop("No appeal or review deadline is computed for this case.")))
    context["notes"] = [note("A skeleton: the grounds set out what the record held; argue each one before "
                             "filing.")]
    return Built(context=context, sources=sources(case, options), warnings=warnings)


def _ground(number: int, item: Any) -> dict[str, Any]:
    finding = item.finding
    held = [f"{h.text} [{h.cite}]" for h in item.facts]
    held += [f"Exhibit: {h.text} [{h.cite}]" for h in item.exhibits]
    held += [f"Country information: \u201c{h.text}\u201d [{h.cite}]" for h in item.coi]
    return {
        "number": number, "category": finding.get_category_display(), "where": item.where,
        "finding": finding.finding.strip(), "element": item.element_label or "the case as a whole",
        "held": held or ["Nothing in the record is linked to this element yet."],
        "answer": finding.answer.strip(),
    }


def sources(case: Case, options: dict[str, Any]) -> dict[str, Any]:
    findings = case.adverse_findings.all()
    return {**case_record_sources(case, options), "findings": {f.key: f.version for f in findings}}
