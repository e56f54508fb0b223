"""The exhibit list: every exhibit of the latest completed bundle, with its bundle pages."""

from __future__ import annotations

from typing import Any

from article3.cases.models import Case
from article3.docs.builders.cites import DASH, latest_build, page_map
from article3.docs.builders.common import Built, case_context, case_sources, date_words, note
from article3.errors import DomainError


def _pages(start: int, end: int) -> str:
    return str(start) if start == end else f"{start}{DASH}{end}"


def build(case: Case, options: dict[str, Any]) -> Built:
    build_row = latest_build(case)
    pmap = page_map(build_row)
    if build_row is None or pmap is None:
        raise DomainError("Build the bundle first: the exhibit list gives the pages of the latest bundle.")
    documents = {d.key: d for d in case.documents.all()}
    rows = []
    for key, where in sorted(pmap.documents.items(), key=lambda item: item[1].start):
        document = documents.get(key)
        title = document.label if document else key
        if where.parent is not None:
            title = f"{title} (attached to the exhibit above)"
        rows.append({"key": key, "label": where.label or "", "title": title,
                     "date": date_words(document.date) if document else "", "pages": _pages(where.start, where.end),
                     "start": where.start, "end": where.end, "attachment": where.parent is not None})
    context = case_context(case, "Exhibit list")
    context["rows"] = rows
    context["build"] = {"id": build_row.pk, "pages": pmap.total, "volumes": len(pmap.volumes),
                        "date": f"{build_row.finished_at or build_row.requested_at:%-d %B %Y}"}
    missing = [d.key for d in documents.values() if d.key not in pmap.documents]
    if missing:
        context["notes"] = [note(f"{len(missing)} document(s) of the case are not in this bundle build.")]
    return Built(context=context, sources=sources(case, options))


def sources(case: Case, options: dict[str, Any]) -> dict[str, Any]:
    build_row = latest_build(case)
    return {**case_sources(case), "bundle_build": build_row.pk if build_row else None,
            "documents": {d.key: f"{d.version}|{d.derived_sha256 or d.original_sha256}" for d in case.documents.all()}}
