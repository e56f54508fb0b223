"""Is a generated document still true to the case? Its stored source fingerprints against today's."""

from __future__ import annotations

from typing import Any

from article3.docs.builders import BUILDERS
from article3.docs.models import GeneratedDocument, GenStatus
from article3.docs.templates import template_for

LABELS = {
    "case": "the case details", "applicant": "the applicant's details", "people": "people (and who is redacted)",
    "events": "events", "remedies": "attempts to seek protection", "facts": "facts",
    "documents": "documents", "citations": "country information citations", "bundle_build": "the bundle",
    "decisions": "decisions", "exhibits": "documents", "template": "the template",
    "explanations": "explanations of conflicts approved at hearing preparation",
    "outline": "the direct-examination outline", "answers": "the client's answers to anticipated questions",
}


def current_sources(generated: GeneratedDocument) -> dict[str, Any]:
    case = generated.case
    found = BUILDERS[generated.kind].sources(case, generated.options or {})
    found["template"] = template_for(organisation=case.organisation, forum=generated.forum, kind=generated.kind).sha256
    return found


def changes(stored: dict[str, Any], current: dict[str, Any]) -> list[str]:
    """What moved, in words: "events: added e-new; changed e-arrest", "a newer bundle"."""
    out = []
    for key in sorted(set(stored) | set(current), key=lambda k: list(LABELS).index(k) if k in LABELS else 99):
        before, after = stored.get(key), current.get(key)
        if before == after:
            continue
        label = LABELS.get(key, key)
        if isinstance(before, dict) and isinstance(after, dict):
            parts = [f"{verb} {', '.join(keys)}" for verb, keys in (
                ("added", [k for k in after if k not in before]),
                ("removed", [k for k in before if k not in after]),
                ("changed", [k for k in after if k in before and before[k] != after[k]])) if keys]
            out.append(f"{label}: {'; '.join(parts)}")
        else:
            out.append(f"{label} changed")
    return out


def stale_reasons(generated: GeneratedDocument, cache: dict[str, dict[str, Any]] | None = None) -> list[str]:
    """Empty when the document is current; `cache` shares fingerprints across documents of one page."""
    if generated.status != GenStatus.DONE:
        return []
    key = f"{generated.kind}|{sorted((generated.options or {}).items())}|{generated.forum}"
    cache = {} if cache is None else cache
    if key not in cache:
        cache[key] = current_sources(generated)
    return changes(generated.sources or {}, cache[key])
