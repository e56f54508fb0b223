"""The extraction assistant's pages: documents to read, their proposals, and each decision."""

from django.contrib import messages
from django.db.models import Count, F
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from article3.audit.services import audit_record
from article3.cases.models import Case
from article3.cases.views import case_view, render_case
from article3.chronology import services
from article3.chronology.assistant import Statement, document_proposals, statement_from_token
from article3.chronology.forms import StatementForm
from article3.chronology.models import ExtractionStatus, StatementExtraction
from article3.chronology.selectors import event_get
from article3.errors import DomainError
from article3.evidence.models import Document
from article3.evidence.selectors import document_get
from article3.snapshots import page_parts


@case_view(page="chronology_extract")
def extract(request: HttpRequest, case: Case) -> HttpResponse:
    def documents() -> list[Document]:
        return list(case.documents.exclude(kind="translation_certificate").order_by("kind", "pk")
                    .annotate(decided=Count("statement_reviews"), found=F("statement_extraction__found"),
                              reading=F("statement_extraction__status")))

    parts = page_parts(case, "chronology_extract")  # the list is read and drawn once per state of the case
    return render_case(request, case, "chronology/extract.html",
                       {"documents": parts.worked_out("documents", documents), "parts": parts})


@case_view(page="chronology_extract_document")
def extract_document(request: HttpRequest, case: Case, doc_key: str) -> HttpResponse:
    """The document's dated statements; the first visit (or the first after its text changed) queues
    the reading on the worker, and this page follows it until the statements are there."""
    document = document_get(case=case, key=doc_key)
    # Reading a document's text is a view of the document.
    audit_record(actor=request.user, action="chronology.document_text.viewed", obj=document,
                 object_key=document.key, organisation_id=case.organisation_id, case_id=case.pk)
    reading = services.statements_read_request(actor=request.user, document=document) if document.pages else None
    if reading is not None and reading.status != ExtractionStatus.DONE:
        return render_case(request, case, "chronology/extract_reading.html", {"document": document, "reading": reading})
    statements = [Statement.from_json(s) for s in reading.statements] if reading is not None else []
    rows = document_proposals(document=document, statements=statements)
    show_all = request.GET.get("show") == "all"
    pending = [r for r in rows if r.review is None]
    return render_case(request, case, "chronology/extract_document.html", {
        "document": document, "rows": rows if show_all else pending, "show_all": show_all,
        "total": len(rows), "pending": len(pending), "form": StatementForm(case=case)})


@case_view()
def extract_status(request: HttpRequest, case: Case, doc_key: str) -> JsonResponse:
    document = document_get(case=case, key=doc_key)
    reading = get_object_or_404(StatementExtraction, document=document)
    return JsonResponse({"finished": reading.finished, "status": reading.get_status_display(),
                         "progress": reading.progress_text, "error": reading.error_text})


@require_POST
@case_view(reader_post=True)
def extract_again(request: HttpRequest, case: Case, doc_key: str) -> HttpResponse:
    """Read a document again after its reading failed (reading changes nothing of the case)."""
    document = document_get(case=case, key=doc_key)
    services.statements_read_request(actor=request.user, document=document, again=True)
    return redirect("case_chronology_extract_document", case_id=case.public_id, doc_key=document.key)


@require_POST
@case_view(edit=True)
def statement_decide(request: HttpRequest, case: Case, doc_key: str) -> HttpResponse:
    document = document_get(case=case, key=doc_key)
    form = StatementForm(request.POST, case=case)
    if not form.is_valid():
        errors = "; ".join(f"{name}: {' '.join(str(m) for m in msgs)}" for name, msgs in form.errors.items())
        messages.error(request, _("Nothing was added. %(errors)s") % {"errors": errors})
        return _back(case, document)
    try:
        _decide(request, case, document, form.cleaned_data)
    except DomainError as exc:
        messages.error(request, str(exc))
    return _back(case, document)


def _decide(request: HttpRequest, case: Case, document: Document, data: dict[str, object]) -> None:
    statement = statement_from_token(document=document, token=str(data["token"]))
    actor, decision = request.user, data["decision"]
    if decision == "reject":
        services.statement_reject(actor=actor, document=document, statement=statement)
        messages.info(request, _("Rejected the statement on page %(page)s.") % {"page": statement.page})
    elif decision == "event":
        event = services.statement_accept_as_event(
            actor=actor, document=document, statement=statement, kind=str(data["kind"]), title=str(data["title"]),
            date=str(data["date"]), place=str(data["place"] or ""))
        messages.info(request, _("Added the event %(key)s, with this document as its source.") % {"key": event.key})
    else:
        event = event_get(case=case, key=str(data["event"]))
        age = data["age_stated"]
        services.statement_accept_as_account(
            actor=actor, document=document, statement=statement, event=event, date=str(data["date"] or statement.date),
            place=str(data["place"] or ""), age_stated=age if isinstance(age, int) else None)
        messages.info(request, _("Added this document's account to %(key)s.") % {"key": event.key})


def _back(case: Case, document: Document) -> HttpResponse:
    return redirect(reverse("case_chronology_extract_document",
                            kwargs={"case_id": case.public_id, "doc_key": document.key}) + "#proposals")
