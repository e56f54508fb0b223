"""Reads of generated documents and templates, always of a case obtained through `case_get_for_user`."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import Http404

from article3.cases.models import Case
from article3.docs.freshness import stale_reasons
from article3.docs.models import GeneratedDocument, TemplateOverride


@dataclass(frozen=True)
class Listed:
    generated: GeneratedDocument
    stale: list[str]  # what changed since it was made; empty when current


def generated_list(*, case: Case, limit: int = 50) -> list[Listed]:
    rows = list(GeneratedDocument.objects.filter(case=case).select_related("case__organisation")[:limit])
    cache: dict[str, dict[str, object]] = {}
    return [Listed(row, stale_reasons(row, cache)) for row in rows]


def generated_get(*, case: Case, pk: int) -> GeneratedDocument:
    """A generated document of a case the caller already obtained through the access selector; else 404."""
    found = GeneratedDocument.objects.filter(case=case, pk=pk).select_related("case").first()
    if found is None:
        raise Http404
    return found


def template_overrides(*, case: Case) -> list[TemplateOverride]:
    return list(TemplateOverride.objects.filter(organisation_id=case.organisation_id))


def template_override_get(*, case: Case, pk: int) -> TemplateOverride:
    found = TemplateOverride.objects.filter(organisation_id=case.organisation_id, pk=pk).first()
    if found is None:
        raise Http404
    return found
