"""The evidence section of a motion to reopen on changed country conditions: the country information
published after the hearing, grouped by element, each passage with its publication date, and the
forum's rule for such motions from the rule pack."""

from __future__ import annotations

from typing import Any

from article3.cases.models import Case
from article3.docs.builders.brief import authority
from article3.docs.builders.common import Built, case_context, note
from article3.words import Words, gettext_noop


def build(case: Case, options: dict[str, Any]) -> Built:
    from article3.remedies.changed import changed_conditions

    found = changed_conditions(case=case)
    context = case_context(case, "Motion to reopen: evidence of changed country conditions")
    context.update({
        "hearing": f"{found.hearing_date:%-d %B %Y}" if found.hearing_date else "not recorded",
        "rules": [f"{r.label}: {r.note} ({authority(r.source)})" for r in found.rules]
        or ["The rule pack of this forum has no rule for reopening on changed country conditions."],
        "groups": [{"element": element, "passages": [
            {"text": f"\u201c{p.quote}\u201d", "cite": p.cite, "published": p.published} for p in items]}
            for element, items in found.groups],
    })
    context["notes"] = [note("Explain for each passage why it is material, and why the evidence could not have "
                             "been discovered or presented at the hearing.")]
    warnings = []
    if found.hearing_date is None:
        warnings.append(Words(gettext_noop("The case has no hearing date: record it, so that only later "
                                           "publications are listed.")))
    elif not found.groups:
        warnings.append(Words(gettext_noop("No country information published after the hearing is cited in the "
                                           "case yet.")))
    if found.to_read:
        warnings.append(Words(gettext_noop(
            "Passages of the library published after the hearing and not cited in the case may bear on it "
            "(%(count)s): read them on the case's changed-conditions page before filing."),
            {"count": len(found.to_read)}))
    return Built(context=context, sources=sources(case, options), warnings=warnings)


def sources(case: Case, options: dict[str, Any]) -> dict[str, Any]:
    return {"case": case.version, "hearing_date": case.hearing_date.isoformat() if case.hearing_date else None,
            "coi_citations": sorted(case.coi_citations.values_list("key", flat=True))}
