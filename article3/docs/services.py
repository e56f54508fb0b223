"""Generating documents (queued from the web, run at once from the CLI), keeping them in the vault,
renumbering a declaration's paragraphs, and organisations' own templates."""

from __future__ import annotations

import io
import tempfile
from pathlib import Path
from typing import Any, BinaryIO

from django.db import transaction
from django.utils import timezone, translation

from article3.accounts.models import Organisation, Role
from article3.accounts.selectors import actor_has_org_role
from article3.audit.services import Actor, actor_label, audit_record
from article3.cases.models import Case
from article3.chronology import services as chronology
from article3.chronology.models import Account
from article3.docs import render
from article3.docs.builders import BUILDERS
from article3.docs.builders.common import Built
from article3.docs.models import (
    FOR_OTHER_PARTY,
    DeclarationParagraph,
    DocKind,
    GeneratedDocument,
    GenStatus,
    TemplateChange,
    TemplateOverride,
)
from article3.docs.redaction import NOBODY, redactor_for
from article3.docs.respondents import respondent_check, respondents_for
from article3.docs.templates import check_template, template_for
from article3.errors import DomainError, NotPermitted
from article3.evidence.filenames import safe_filename
from article3.evidence.models import Document, DocumentKind
from article3.evidence.shredding import blob_keep_or_put
from article3.evidence.storage import vault
from article3.rulepacks import pack_ids
from article3.tasking import enqueue_with_transaction
from article3.words import Words, gettext_noop

OPTION_KEYS = ("document", "dialect", "served_on", "method", "date", "by_whom", "documents_served",
               "state_party", "removal_date", "removal_details")
MAX_OPTION_CHARS = 1000
MAX_TEMPLATE_BYTES = 10 * 1024 * 1024


def _audit(actor: Actor, action: str, case: Case, obj: Any, **detail: Any) -> None:
    audit_record(actor=actor, action=action, obj=obj, organisation_id=case.organisation_id, case_id=case.pk,
                 detail=detail)


def clean_options(options: dict[str, Any]) -> dict[str, str]:
    """Only the fields the builders read, as trimmed text."""
    cleaned = {k: str(v).strip()[:MAX_OPTION_CHARS] for k, v in options.items() if k in OPTION_KEYS and v}
    return {k: v for k, v in cleaned.items() if v}


@transaction.atomic
def generated_request(*, actor: Actor, case: Case, kind: str, options: dict[str, Any] | None = None,
                      queue: bool = True) -> GeneratedDocument:
    """Record a document to generate and (by default) queue it for the worker in the same transaction."""
    if kind not in DocKind.values:
        raise DomainError(f"Unknown kind of document '{kind}'; choose one of {', '.join(DocKind.values)}.")
    cleaned = clean_options(options or {})
    if respondents_for(kind) is not None:
        cleaned["state_party"] = respondent_check(kind=kind, state=cleaned.get("state_party", ""))
    generated = GeneratedDocument.objects.create(case=case, kind=kind, forum=case.forum,
                                                 options=cleaned, created_by=actor_label(actor))
    _audit(actor, "docs.document.requested", case, generated, kind=kind)
    if queue:
        _enqueue(generated.pk)
    return generated


def _enqueue(generated_id: int) -> None:
    from article3.docs.tasks import generate_document_task

    enqueue_with_transaction(generate_document_task, generated_id)


def generated_run(*, generated: GeneratedDocument, pdf: bool = True) -> GeneratedDocument:
    """Build, render and store the document; failures are recorded on it, with a message to act on."""
    GeneratedDocument.objects.filter(pk=generated.pk).update(status=GenStatus.RUNNING)
    case = Case.objects.select_related("organisation", "applicant").get(pk=generated.case_id)
    try:
        # Documents are drafted in the filing language, English, whoever asked and wherever this runs.
        with translation.override("en"):
            built = BUILDERS[generated.kind].build(case, generated.options or {})
            template = template_for(organisation=case.organisation, forum=generated.forum, kind=generated.kind)
            redactor = redactor_for(case) if generated.kind in FOR_OTHER_PARTY else NOBODY
            data = render.render_docx(template=template, context=built.context, redactor=redactor)
    except DomainError as exc:
        return _failed(generated, str(exc))
    pdf_data = render.to_pdf(data) if pdf else None
    warnings = [*built.warnings, *_pdf_warnings(pdf, pdf_data), *_page_limit(built, data, pdf_data)]
    return _done(generated, built, data, pdf_data, warnings, {**built.sources, "template": template.sha256})


def _pdf_warnings(wanted: bool, pdf_data: bytes | None) -> list[Words]:
    if wanted and pdf_data is None:
        return [Words(gettext_noop("No PDF was made: LibreOffice could not convert the document."))]
    return []


def _page_limit(built: Built, data: bytes, pdf_data: bytes | None) -> list[Words]:
    if built.page_limit is None:
        return []
    limit, source = built.page_limit
    pages = render.pdf_pages(pdf_data) if pdf_data else render.estimate_pages(data)
    if pages <= limit:
        return []
    said = (gettext_noop("The skeleton argument runs to %(pages)s pages; the limit is %(limit)s pages (%(source)s).")
            if pdf_data else
            gettext_noop("The skeleton argument runs to %(pages)s pages (estimated, without LibreOffice); the limit is "
                         "%(limit)s pages (%(source)s)."))
    return [Words(said, {"pages": pages, "limit": limit, "source": source})]


def _failed(generated: GeneratedDocument, message: str) -> GeneratedDocument:
    with transaction.atomic():
        GeneratedDocument.objects.filter(pk=generated.pk).update(
            status=GenStatus.FAILED, error_message=message, finished_at=timezone.now())
        _audit("system", "docs.document.failed", generated.case, generated, kind=generated.kind)
    generated.refresh_from_db()
    return generated


def _done(generated: GeneratedDocument, built: Built, data: bytes, pdf_data: bytes | None, warnings: list[Words],
          sources: dict[str, Any]) -> GeneratedDocument:
    docx_sha = vault().put(stream=io.BytesIO(data)).sha256  # durable before the row names it
    pdf_sha = vault().put(stream=io.BytesIO(pdf_data)).sha256 if pdf_data else ""
    with transaction.atomic():
        blob_keep_or_put(docx_sha, data)
        if pdf_data:
            blob_keep_or_put(pdf_sha, pdf_data)
        GeneratedDocument.objects.filter(pk=generated.pk).update(
            status=GenStatus.DONE, docx_sha256=docx_sha, pdf_sha256=pdf_sha, sources=sources,
            warnings=[str(w) for w in warnings], warning_words=[w.as_json() for w in warnings],
            pages=render.pdf_pages(pdf_data) if pdf_data else None, error_message="", finished_at=timezone.now())
        DeclarationParagraph.objects.bulk_create(
            DeclarationParagraph(generated=generated, number=number, event_id=event, remedy_id=remedy)
            for number, event, remedy in built.paragraphs)
        _audit("system", "docs.document.generated", generated.case, generated, kind=generated.kind,
               pdf=bool(pdf_sha), warnings=len(warnings))
    generated.refresh_from_db()
    return generated


def document_generate(*, actor: Actor, case: Case, kind: str, options: dict[str, Any] | None = None,
                      pdf: bool = False) -> GeneratedDocument:
    """Generate now, in this process (the CLI, tests)."""
    return generated_run(generated=generated_request(actor=actor, case=case, kind=kind, options=options, queue=False),
                         pdf=pdf)


def _declaration_document(generated: GeneratedDocument) -> Document | None:
    if generated.document is not None:
        return generated.document
    found = list(generated.case.documents.filter(kind=DocumentKind.DECLARATION)[:2])
    return found[0] if len(found) == 1 else None


@transaction.atomic
def declaration_renumber(*, actor: Actor, generated: GeneratedDocument, mapping: dict[int, int]) -> int:
    """Paragraph `old` is now `new`: update the map and every account citing that paragraph of the declaration.

    All moves apply at once (14 -> 15 and 15 -> 16 do not chain). Returns how many accounts changed.
    """
    if generated.kind != DocKind.DECLARATION:
        raise DomainError("Only a declaration has numbered paragraphs to renumber.")
    moves = {int(old): int(new) for old, new in mapping.items() if int(old) != int(new)}
    if any(n <= 0 for n in moves.values()):
        raise DomainError("Paragraph numbers start at 1.")
    for row in list(generated.paragraphs.filter(number__in=moves)):
        DeclarationParagraph.objects.filter(pk=row.pk).update(number=moves[row.number])
    changed = 0
    document = _declaration_document(generated)
    if document is not None:
        for account in list(Account.objects.filter(document=document, paragraph__in=moves).select_related("event")):
            chronology.account_update(actor=actor, account=account, expected_version=account.version,
                                      changes={"paragraph": moves[account.paragraph or 0]})
            changed += 1
    _audit(actor, "docs.declaration.renumbered", generated.case, generated, paragraphs=len(moves), accounts=changed)
    return changed


@transaction.atomic
def declaration_link(*, actor: Actor, generated: GeneratedDocument, document: Document) -> int:
    """The signed declaration was uploaded as `document`: cite it from each event it tells, by paragraph."""
    if generated.kind != DocKind.DECLARATION or document.case_id != generated.case_id:
        raise DomainError("Link a declaration to a document of the same case.")
    GeneratedDocument.objects.filter(pk=generated.pk).update(document=document)
    created = 0
    for row in generated.paragraphs.filter(event__isnull=False).select_related("event"):
        event = row.event
        if event is not None and not event.accounts.filter(document=document).exists():
            chronology.account_add(actor=actor, event=event, document=document, paragraph=row.number)
            created += 1
    _audit(actor, "docs.declaration.linked", generated.case, generated, document=document.key, accounts=created)
    generated.refresh_from_db()
    return created


TEMPLATE_ROLES = frozenset({Role.ADMIN})


def _check_template_admin(actor: Actor, organisation_id: int) -> None:
    """Templates serve every case of the organisation: only its admins change them."""
    if not actor_has_org_role(actor=actor, organisation_id=organisation_id, roles=TEMPLATE_ROLES):
        raise NotPermitted("Only an organisation admin can change the organisation's templates.")


def _template_change(*, actor: Actor, organisation_id: int, forum: str, kind: str, action: str,
                     sha256: str = "") -> TemplateChange:
    latest = TemplateChange.objects.filter(organisation_id=organisation_id, forum=forum, kind=kind) \
        .order_by("-version").values_list("version", flat=True).first()
    change = TemplateChange.objects.create(organisation_id=organisation_id, forum=forum, kind=kind,
                                           version=(latest or 0) + 1, action=action, sha256=sha256,
                                           changed_by=actor_label(actor))
    audit_record(actor=actor, action=f"docs.template.{action}", obj=change, organisation_id=organisation_id,
                 detail={"forum": forum, "kind": kind, "version": change.version})
    return change


def template_override_set(*, actor: Actor, organisation: Organisation, forum: str, kind: str, stream: BinaryIO,
                          filename: str) -> TemplateOverride:
    """Check the uploaded DOCX, store it in the vault, and use it from now on for `kind` in `forum`."""
    _check_template_admin(actor, organisation.pk)
    if kind not in DocKind.values:
        raise DomainError(f"Unknown kind of document '{kind}'.")
    if forum not in pack_ids():
        raise DomainError(f"Unknown forum '{forum}'; choose one of {', '.join(pack_ids())}.")
    with tempfile.TemporaryDirectory(prefix="article3-template-") as tmp:
        path = Path(tmp) / "template.docx"
        with path.open("wb") as out:
            out.write(stream.read(MAX_TEMPLATE_BYTES + 1))
        if path.stat().st_size > MAX_TEMPLATE_BYTES:
            raise DomainError("A template may be at most 10 MB.")
        check_template(path)
        with path.open("rb") as handle:
            sha = vault().put(stream=handle).sha256
        with transaction.atomic():
            blob_keep_or_put(sha, path)
            override, _ = TemplateOverride.objects.update_or_create(
                organisation=organisation, forum=forum, kind=kind,
                defaults={"sha256": sha, "original_name": safe_filename(filename),
                          "uploaded_by": actor_label(actor)})
            _template_change(actor=actor, organisation_id=organisation.pk, forum=forum, kind=kind,
                             action=TemplateChange.Action.UPLOADED, sha256=sha)
    return override


@transaction.atomic
def template_override_delete(*, actor: Actor, override: TemplateOverride) -> None:
    _check_template_admin(actor, override.organisation_id)
    _template_change(actor=actor, organisation_id=override.organisation_id, forum=override.forum,
                     kind=override.kind, action=TemplateChange.Action.REMOVED)
    override.delete()
