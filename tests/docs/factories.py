"""Rows the permission matrix needs, made without running the generator."""

from article3.cases.models import Case
from article3.docs.models import GeneratedDocument, TemplateOverride


def generated_for(case: Case) -> GeneratedDocument:
    found = GeneratedDocument.objects.filter(case=case, kind="declaration").first()
    if found is None:
        sha = case.documents.first().original_sha256  # type: ignore[union-attr]
        found = GeneratedDocument.objects.create(case=case, kind="declaration", forum=case.forum, status="done",
                                                 docx_sha256=sha, created_by="test")
    return found


def override_for(case: Case) -> TemplateOverride:
    found = TemplateOverride.objects.filter(organisation_id=case.organisation_id).first()
    if found is None:
        sha = case.documents.first().original_sha256  # type: ignore[union-attr]
        found = TemplateOverride.objects.create(organisation_id=case.organisation_id, forum="generic",
                                                kind="brief", sha256=sha, uploaded_by="test")
    return found
