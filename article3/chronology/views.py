import functools
from typing import Any

from django.forms import ModelForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from article3.audit.services import audit_record
from article3.cases.models import Case
from article3.cases.views import case_view, render_case, save_versioned
from article3.chronology import export, services
from article3.chronology.conflicts import conflicts_for_event
from article3.chronology.forms import AccountEditForm, AccountForm, EventEditForm, EventForm
from article3.chronology.page import Filters, chronology_context, event_rows
from article3.chronology.selectors import account_get, chronology_snapshot, event_get
from article3.errors import DomainError
from article3.evidence.filenames import content_disposition

Save = functools.partial[Any]


@case_view(page="chronology")
def chronology(request: HttpRequest, case: Case) -> HttpResponse:
    context = chronology_context(chronology_snapshot(case=case), Filters.from_query(request.GET))
    return render_case(request, case, "chronology/chronology.html", context)


@case_view(page="chronology_event")
def event_detail(request: HttpRequest, case: Case, key: str) -> HttpResponse:
    event = event_get(case=case, key=key)
    snapshot = chronology_snapshot(case=case)
    found = conflicts_for_event(snapshot, key)
    row = next(r for r in event_rows(snapshot, found) if r.event.pk == event.pk)
    return render_case(request, case, "chronology/event.html", {
        "event": row.event, "row": row, "conflicts": found, "account_form": AccountForm(case=case, autofocus=False),
        "findings": row.event.findings.select_related("document")})


@case_view(edit=True)
def event_add(request: HttpRequest, case: Case) -> HttpResponse:
    form = EventForm(request.POST or None, initial={"kind": request.GET.get("kind", "")})
    if request.method == "POST" and form.is_valid():
        try:
            event = services.event_add(actor=request.user, case=case, **form.cleaned_data)
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            return redirect("case_event", case_id=case.public_id, key=event.key)
    return render_case(request, case, "chronology/event_form.html", {"form": form})


@case_view(edit=True)
def event_edit(request: HttpRequest, case: Case, key: str) -> HttpResponse:
    event = event_get(case=case, key=key)
    form = EventEditForm(request.POST or None, instance=event, initial={"version": event.version})
    if request.method == "POST" and form.is_valid():
        save = functools.partial(services.event_update, actor=request.user, event=event)
        done = _save(request, case, form, save)
        if done is not None:
            return done
    return render_case(request, case, "chronology/event_form.html", {"form": form, "event": event})


@require_POST
@case_view(edit=True)
def event_delete(request: HttpRequest, case: Case, key: str) -> HttpResponse:
    services.event_delete(actor=request.user, event=event_get(case=case, key=key))
    return redirect("case_chronology", case_id=case.public_id)


@case_view(edit=True)
def account_add(request: HttpRequest, case: Case, key: str) -> HttpResponse:
    event = event_get(case=case, key=key)
    form = AccountForm(request.POST or None, case=case)
    if request.method == "POST" and form.is_valid():
        try:
            services.account_add(actor=request.user, event=event, **form.cleaned_data)
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            return redirect("case_event", case_id=case.public_id, key=event.key)
    return render_case(request, case, "chronology/account_form.html", {"form": form, "event": event})


@case_view(edit=True)
def account_edit(request: HttpRequest, case: Case, key: str, account_id: int) -> HttpResponse:
    event = event_get(case=case, key=key)
    account = account_get(event=event, account_id=account_id)
    form = AccountEditForm(request.POST or None, case=case, instance=account, initial={"version": account.version})
    if request.method == "POST" and form.is_valid():
        save = functools.partial(services.account_update, actor=request.user, account=account)
        done = _save(request, case, form, save)
        if done is not None:
            return done
    return render_case(request, case, "chronology/account_form.html",
                       {"form": form, "event": event, "account": account})


@require_POST
@case_view(edit=True)
def account_delete(request: HttpRequest, case: Case, key: str, account_id: int) -> HttpResponse:
    event = event_get(case=case, key=key)
    services.account_delete(actor=request.user, account=account_get(event=event, account_id=account_id))
    return redirect("case_event", case_id=case.public_id, key=event.key)


@case_view()
def export_pdf(request: HttpRequest, case: Case) -> HttpResponse:
    return _download(request, case, "pdf", export.chronology_pdf(case), "application/pdf")


@case_view()
def export_docx(request: HttpRequest, case: Case) -> HttpResponse:
    mimetype = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    return _download(request, case, "docx", export.chronology_docx(case), mimetype)


def _save(request: HttpRequest, case: Case, form: ModelForm, save: Save) -> HttpResponse | None:  # type: ignore[type-arg]
    """A versioned save: back to the event when saved, 409 when stale, None to show the errors."""
    try:
        stale = save_versioned(request, case, form, save)
    except DomainError as exc:
        form.add_error(None, str(exc))
        return None
    key = form.instance.event.key if hasattr(form.instance, "event") else form.instance.key
    return stale or redirect("case_event", case_id=case.public_id, key=key)


def _download(request: HttpRequest, case: Case, fmt: str, content: bytes, mimetype: str) -> HttpResponse:
    audit_record(actor=request.user, action="chronology.export.downloaded", object_key=fmt,
                 organisation_id=case.organisation_id, case_id=case.pk,
                 detail={"format": fmt, "bytes": len(content)})
    response = HttpResponse(content, content_type=mimetype)
    response["Content-Disposition"] = content_disposition(f"chronology-{case.reference}.{fmt}")
    response["Cache-Control"] = "no-store"
    return response
