"""Reads of generated documents and templates, always of a case obtained through `case_get_for_user`."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import QuerySet
from django.http import Http404

from article3.cases.models import Case
from article3.docs.freshness import stale_reasons
from article3.docs.models import DocKind, GeneratedDocument, TemplateChange, TemplateOverride


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


def declarations_shared_with(*, user: AbstractBaseUser | AnonymousUser, case: Case) -> QuerySet[GeneratedDocument]:
    """The generated declarations an interpreter or expert works on: those linked to a document shared with them."""
    from article3.cases.selectors import shared_documents_for_user

    return GeneratedDocument.objects.filter(case=case, kind=DocKind.DECLARATION,
                                            document__in=shared_documents_for_user(user=user, case=case))


def generated_get_for_user(*, user: AbstractBaseUser | AnonymousUser, case: Case, pk: int) -> GeneratedDocument:
    """A generated document the user may have: any of the case's, or for need-to-know roles a declaration
    linked to a document shared with them; else 404."""
    from article3.cases.selectors import need_to_know

    if not need_to_know(user=user, case=case):
        return generated_get(case=case, pk=pk)
    found = declarations_shared_with(user=user, case=case).filter(pk=pk).select_related("case").first()
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


@dataclass(frozen=True)
class TemplateHistoryRow:
    change: TemplateChange
    who: str  # the member's e-mail, or the operator label for the command line


def template_history(*, case: Case, limit: int = 30) -> list[TemplateHistoryRow]:
    """The latest changes to the organisation's templates, newest first, with who made each."""
    from django.contrib.auth import get_user_model

    changes = list(TemplateChange.objects.filter(organisation_id=case.organisation_id)[:limit])
    ids = {int(c.changed_by[5:]) for c in changes if c.changed_by.startswith("user:") and c.changed_by[5:].isdigit()}
    emails = dict(get_user_model().objects.filter(pk__in=ids).values_list("pk", "email"))
    return [TemplateHistoryRow(c, _who(c.changed_by, emails)) for c in changes]


def _who(label: str, emails: dict[int, str]) -> str:
    if label.startswith("user:") and label[5:].isdigit():
        return emails.get(int(label[5:]), "a former member")
    return label.removeprefix("cli:") + " (command line)" if label.startswith("cli:") else label
