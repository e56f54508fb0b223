import functools
from typing import Any

from django.contrib import messages
from django.forms import ModelForm
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from article3.audit.services import audit_record
from article3.cases.models import Case
from article3.cases.records import delete_page
from article3.cases.selectors import need_to_know, shared_events_for_user
from article3.cases.views import case_view, render_case, save_versioned
from article3.chronology import export, services
from article3.chronology.conflicts import Conflict, conflicts, conflicts_for_event
from article3.chronology.forms import AccountEditForm, AccountForm, ConflictNoteForm, EventEditForm, EventForm
from article3.chronology.page import Filters, chronology_context, event_rows
from article3.chronology.selectors import account_get, chronology_snapshot, date_words, event_get
from article3.errors import DomainError
from article3.evidence.filenames import content_disposition

Save = functools.partial[Any]


@case_view(page="chronology")
def chronology(request: HttpRequest, case: Case) -> HttpResponse:
    context = chronology_context(chronology_snapshot(case=case), Filters.from_query(request.GET))
    # Each row links to its event: one URL made here, not a thousand in the template (a reverse() each).
    context["events_url"] = reverse("case_event", kwargs={"case_id": case.public_id, "key": "-"})[:-len("-/")]
    return render_case(request, case, "chronology/chronology.html", context)


@case_view(page="chronology_event", shared=True)
def event_detail(request: HttpRequest, case: Case, key: str) -> HttpResponse:
    if need_to_know(user=request.user, case=case):
        # The event alone: its accounts, conflicts and findings draw on documents not shared.
        shared = shared_events_for_user(user=request.user, case=case).filter(key=key).first()
        if shared is None:
            raise Http404
        return render_case(request, case, "chronology/event_shared.html",
                           {"event": shared, "when": date_words(shared.date)})
    event = event_get(case=case, key=key)
    snapshot = chronology_snapshot(case=case)
    found = conflicts_for_event(snapshot, key)
    row = next(r for r in event_rows(snapshot, found) if r.event.pk == event.pk)
    return render_case(request, case, "chronology/event.html", {
        "event": row.event, "row": row, "conflicts": found, "account_form": AccountForm(case=case, autofocus=False),
        "conflict_form": ConflictNoteForm(),
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


@case_view(edit=True)
def event_delete(request: HttpRequest, case: Case, key: str) -> HttpResponse:
    event = event_get(case=case, key=key)
    delete = functools.partial(services.event_delete, actor=request.user, event=event)
    return delete_page(request, case, delete, what=_("the event “%(title)s”") % {"title": event.title},
                       back=reverse("case_chronology", args=[case.public_id]), effects=_event_effects(event),
                       deleted=_("Event deleted: %(title)s.") % {"title": event.title})


def _event_effects(event: Any) -> list[str]:
    """What else changes when `event` goes: nothing is left pointing at an event that is gone."""
    accounts, findings, shares = event.accounts.count(), event.findings.count(), event.shares.count()
    facts = sorted({str(s.fact.text)[:80] for s in event.supports.select_related("fact")})
    effects = [ngettext("Its %(count)s account of what the sources say is deleted with it.",
                        "Its %(count)s accounts of what the sources say are deleted with it.",
                        accounts) % {"count": accounts}] if accounts else []
    effects += [_("The fact “%(text)s” no longer rests on this event (the fact stays, with its other support).")
                % {"text": text} for text in facts]
    if findings:
        effects.append(ngettext("%(count)s medical finding linked to it stay in the medical report, no longer "
                                "linked to an event.",
                                "%(count)s medical findings linked to it stay in the medical report, no longer "
                                "linked to an event.", findings) % {"count": findings})
    if shares:
        effects.append(ngettext("It is no longer shared with the %(count)s team member who could see it.",
                                "It is no longer shared with the %(count)s team members who could see it.",
                                shares) % {"count": shares})
    return effects


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


@case_view(edit=True)
def account_delete(request: HttpRequest, case: Case, key: str, account_id: int) -> HttpResponse:
    event = event_get(case=case, key=key)
    account = account_get(event=event, account_id=account_id)
    delete = functools.partial(services.account_delete, actor=request.user, account=account)
    source = account.document.label if account.document else account.interview
    return delete_page(request, case, delete,
                       what=_("what %(source)s says of “%(title)s”") % {"source": source, "title": event.title},
                       back=reverse("case_event", args=[case.public_id, event.key]), deleted=_("Account deleted."),
                       effects=[_("The event stays, with its other accounts; conflicts are checked again.")])


@case_view(reader_post=True)
def export_pdf(request: HttpRequest, case: Case) -> HttpResponse:
    return _export(request, case, "pdf")


@case_view(reader_post=True)
def export_docx(request: HttpRequest, case: Case) -> HttpResponse:
    return _export(request, case, "docx")


def _export(request: HttpRequest, case: Case, fmt: str) -> HttpResponse:
    """The chronology as a file: drawn in the request while it is short; a long one (more events than
    ARTICLE3_CHRONOLOGY_IN_REQUEST_EVENTS) is drawn on the worker, asked for with a POST, and its
    page offers the file when it is ready."""
    from django.conf import settings

    from article3.exports.models import ExportKind
    from article3.exports.services import export_request

    long = case.events.count() > settings.ARTICLE3_CHRONOLOGY_IN_REQUEST_EVENTS
    if request.method == "POST" or long:
        if request.method != "POST":  # a link followed: nothing is queued by a GET
            return render_case(request, case, "chronology/export_long.html", {"fmt": fmt})
        kind = ExportKind.CHRONOLOGY_PDF if fmt == "pdf" else ExportKind.CHRONOLOGY_DOCX
        queued = export_request(actor=request.user, case=case, kind=kind)
        return redirect("case_export", case_id=case.public_id, export_id=queued.pk)
    if fmt == "pdf":
        return _download(request, case, "pdf", export.chronology_pdf(case), "application/pdf")
    return _download(request, case, "docx", export.chronology_docx(case), export.DOCX_TYPE)


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


def _conflict_or_404(case: Case, conflict_id: str) -> Conflict:
    found = next((c for c in conflicts(chronology_snapshot(case=case)) if c.id == conflict_id), None)
    if found is None:
        raise Http404
    return found


def _back_to(case: Case, conflict: Conflict) -> HttpResponse:
    page = (reverse("case_event", args=[case.public_id, conflict.event_keys[0]]) if conflict.event_keys
            else reverse("case_chronology", args=[case.public_id]))
    return redirect(f"{page}#{conflict.id}")


@require_POST
@case_view(edit=True)
def conflict_answer(request: HttpRequest, case: Case, conflict_id: str) -> HttpResponse:
    conflict = _conflict_or_404(case, conflict_id)
    form = ConflictNoteForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Not saved: say how the conflict is explained, or what was corrected."))
        return _back_to(case, conflict)
    services.conflict_note_set(actor=request.user, case=case, conflict_id=conflict.id, **form.cleaned_data)
    saved = (_("Saved: %(conflict)s marked corrected.") if form.cleaned_data["status"] == "corrected"
             else _("Saved: %(conflict)s marked explained."))
    messages.success(request, saved % {"conflict": conflict.title.lower()})
    return _back_to(case, conflict)


@require_POST
@case_view(edit=True)
def conflict_reopen(request: HttpRequest, case: Case, conflict_id: str) -> HttpResponse:
    conflict = _conflict_or_404(case, conflict_id)
    if conflict.note is not None:
        services.conflict_note_remove(actor=request.user, answer=conflict.note)
        messages.success(request, _("Reopened: %(conflict)s.") % {"conflict": conflict.title.lower()})
    return _back_to(case, conflict)
