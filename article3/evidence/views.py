import functools
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase, JsonResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from article3.audit.services import audit_record
from article3.cases.models import Case
from article3.cases.records import delete_page, edit_page
from article3.cases.selectors import (
    NEED_TO_KNOW_ROLES,
    can_download_originals,
    can_manage_team,
    need_to_know,
    shared_events_for_user,
    team_for_case,
)
from article3.cases.views import case_view, render_case, save_versioned
from article3.errors import DomainError, StaleEdit
from article3.evidence import services
from article3.evidence.delivery import attachment
from article3.evidence.filenames import content_disposition, safe_filename
from article3.evidence.forms import (
    DocumentForm,
    FindingEditForm,
    FindingForm,
    ReplaceForm,
    UploadForm,
    WithdrawForm,
)
from article3.evidence.models import Document, MedicalFinding, Status
from article3.evidence.selectors import document_get, document_get_shared, documents_for_user, pages_without_text
from article3.evidence.storage import plain_chunks
from article3.snapshots import page_parts


@case_view(page="evidence", shared=True)
def evidence(request: HttpRequest, case: Case) -> HttpResponse:
    def documents() -> list[Document]:
        return list(documents_for_user(user=request.user, case=case).select_related("translates")
                    .order_by("kind", "pk"))

    # Everyone who sees the whole case sees the same list: it is read and drawn once per state of the case.
    parts = None if need_to_know(user=request.user, case=case) else page_parts(case, "evidence")
    return render_case(request, case, "evidence/evidence.html", {
        "documents": parts.worked_out("documents", documents) if parts else documents(), "parts": parts,
        "form": UploadForm(), "upload_words": UPLOAD_WORDS})


# What the upload page's script shows; %(name)s is filled in by the script.
UPLOAD_WORDS = {
    "lost": gettext_lazy("Progress could not be followed; reload the page later"),
    "headers": [gettext_lazy("Key"), gettext_lazy("Kind"), gettext_lazy("Title"), gettext_lazy("Date"),
                gettext_lazy("Language"), gettext_lazy("Status"), gettext_lazy("Pages")],
    "received": gettext_lazy("Received"),
    "dismiss": gettext_lazy("Dismiss"),
    "converting": gettext_lazy("received, converting…"),
    "ready": gettext_lazy("ready"),
    "warning": gettext_lazy("Warning: %(warnings)s"),
    "unreadable": gettext_lazy("could not be read. %(reason)s"),
    "refused": gettext_lazy("refused. %(reason)s"),
    "waiting": gettext_lazy("waiting to upload"),
    "uploading": gettext_lazy("uploading %(percent)s%%"),
    "no_answer": gettext_lazy("The server did not answer (%(status)s); try again."),
    "failed": gettext_lazy("The upload failed (no connection?); try again."),
}
# What the document page's script shows.
DOCUMENT_WORDS = {
    "lost": gettext_lazy(" (progress could not be followed; reload the page later)"),
    "sending": gettext_lazy("sending: %(percent)s%%"),
    "no_answer": gettext_lazy("The server did not answer (%(status)s)."),
    "failed": gettext_lazy("Sending failed; nothing was replaced. Try again."),
}


@require_POST
@case_view(edit=True)
def upload(request: HttpRequest, case: Case) -> HttpResponse:
    """One or many files. Each is taken or refused on its own; a refusal never stops the rest."""
    form = UploadForm(request.POST, request.FILES)
    results = []
    if form.is_valid():
        meta = {k: form.cleaned_data[k] for k in ("kind", "language", "date", "title")}
        for upload in request.FILES.getlist("uploads"):
            name = safe_filename(upload.name or "document")
            try:
                document = services.document_add(actor=request.user, case=case, stream=upload,  # type: ignore[arg-type]
                                                 filename=upload.name or "document", **meta)
                results.append({"file": name, "ok": True, "key": document.key, **_new_row(case, document)})
            except DomainError as exc:
                results.append({"file": name, "ok": False, "error": str(exc)})
    else:
        results.append({"file": "", "ok": False, "error": "; ".join(str(m) for e in form.errors.values() for m in e)})
    if request.headers.get("Accept") == "application/json":
        return JsonResponse({"results": results})
    return render_case(request, case, "evidence/uploaded.html", {"results": results})


def _new_row(case: Case, document: Document) -> dict[str, str]:
    """What the evidence page needs to add the new document's row without a reload."""
    keys = {"case_id": case.public_id, "key": document.key}
    return {"title": document.label, "kind": document.get_kind_display(), "date": document.date,
            "language": document.language, "url": reverse("evidence_document", kwargs=keys),
            "status_url": reverse("evidence_document_status", kwargs=keys)}


@case_view(shared=True)
def document_status(request: HttpRequest, case: Case, key: str) -> JsonResponse:
    """One document's conversion, for its upload row and its page to follow until it ends (for the page: in the
    reader's language)."""
    document = document_get_shared(user=request.user, case=case, key=key)
    finished = document.status in (Status.READY, Status.FAILED)
    return JsonResponse({
        "status": document.status, "label": document.get_status_display(), "progress": document.progress_text,
        "finished": finished, "pages": document.pages, "error": document.error_text,
        "warnings": document.warning_texts, "withdrawn": document.withdrawn})


@case_view(shared=True)
def status(request: HttpRequest, case: Case) -> JsonResponse:
    """Progress of every document of the case the user sees, for the evidence page to poll."""
    documents = documents_for_user(user=request.user, case=case).only(
        "key", "status", "progress", "progress_words", "pages", "error_message", "error_words", "warnings",
        "warning_words")
    return JsonResponse({"documents": [
        {"key": d.key, "status": d.status, "progress": d.progress_text, "pages": d.pages,
         "error_message": d.error_text, "warnings": d.warning_texts} for d in documents]})


@case_view(page="document", shared=True)
def document_detail(request: HttpRequest, case: Case, key: str) -> HttpResponse:
    document = document_get_shared(user=request.user, case=case, key=key)
    form = DocumentForm(request.POST or None, instance=document, initial={"version": document.version})
    if request.method == "POST" and form.is_valid():
        save = functools.partial(services.document_update, actor=request.user, document=document)
        return save_versioned(request, case, form, save) or redirect(
            "evidence_document", case_id=case.public_id, key=key)
    return _document_page(request, case, document, form=form)


def _document_page(request: HttpRequest, case: Case, document: Document, *, form: DocumentForm | None = None,
                   replace_form: ReplaceForm | None = None, finding_form: FindingForm | None = None) -> HttpResponse:
    initial = {"version": document.version}
    visible = documents_for_user(user=request.user, case=case)
    events = shared_events_for_user(user=request.user, case=case)
    return render_case(request, case, "evidence/document.html", {
        "document": document, "form": form if form is not None else DocumentForm(instance=document, initial=initial),
        "custody": document.custody.all(), "pages": document.page_texts.all()[:3],
        "no_text": pages_without_text(document, document.page_texts.filter(ocr=True)),
        "findings": document.findings.filter(Q(event__isnull=True) | Q(event__in=events)).select_related("event"),
        "finding_form": finding_form or FindingForm(case=case),
        "translations": document.translations.filter(pk__in=visible),
        "previous": document.previous_originals.all(),
        "may_download": can_download_originals(user=request.user, case=case),
        "share_seats": _share_seats(request, case, document),
        "stalled": document.status in (Status.RECEIVED, Status.PROCESSING) and not services.document_busy(document),
        "replace_form": replace_form if replace_form is not None else ReplaceForm(initial=initial),
        "document_words": DOCUMENT_WORDS,
        "withdraw_form": WithdrawForm(initial=initial)})


def _share_seats(request: HttpRequest, case: Case, document: Document) -> list[tuple[Any, bool]]:
    """Need-to-know team members and whether this document is shared with each, for the "Share with" control."""
    if not can_manage_team(user=request.user, case=case):
        return []
    seats = team_for_case(case=case).filter(role__in=NEED_TO_KNOW_ROLES)
    shared = set(document.shares.values_list("seat_id", flat=True))
    return [(seat, seat.pk in shared) for seat in seats]


@require_POST
@case_view(edit=True)
def process_again(request: HttpRequest, case: Case, key: str) -> HttpResponse:
    """Convert the document again from its original: after an interrupted or failed conversion."""
    document = document_get(case=case, key=key)
    try:
        services.document_reprocess(actor=request.user, document=document)
    except DomainError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("The document is being converted again from its original."))
    return redirect("evidence_document", case_id=case.public_id, key=key)


@require_POST
@case_view(edit=True)
def replace(request: HttpRequest, case: Case, key: str) -> HttpResponse:
    """A new version of the original; refused input re-shows the page with the reason, changing nothing."""
    document = document_get(case=case, key=key)
    form = ReplaceForm(request.POST, request.FILES)
    if not form.is_valid():
        return _replace_refused(request, case, document, form)
    upload = form.cleaned_data["file"]
    try:
        done = services.document_replace(
            actor=request.user, document=document, stream=upload, filename=upload.name or "document",
            reason=form.cleaned_data["reason"], expected_version=form.cleaned_data["version"])
    except StaleEdit as stale:
        return _replace_stale(request, case, stale)
    except DomainError as exc:
        form.add_error("file", str(exc))
        return _replace_refused(request, case, document, form)
    messages.success(request, _replaced_message(done))
    url = reverse("evidence_document", kwargs={"case_id": case.public_id, "key": key})
    return JsonResponse({"ok": True, "url": url}) if _wants_json(request) else redirect(url)


def _replaced_message(done: services.Replacement) -> str:
    document = done.document
    count = done.translations_for_review
    review = (_("No translation is linked to it.") if count == 0 else
              ngettext("%(count)s linked translation now needs review.",
                       "%(count)s linked translations now need review.", count) % {"count": count})
    return _("The original of %(key)s was replaced with %(name)s. The previous original stays in the vault and "
             "in the history. The new file is being converted to a searchable PDF. %(review)s") % {
        "key": document.key, "name": document.original_name, "review": review}


def _wants_json(request: HttpRequest) -> bool:
    return request.headers.get("Accept") == "application/json"


def _replace_refused(request: HttpRequest, case: Case, document: Document, form: ReplaceForm) -> HttpResponse:
    if _wants_json(request):
        problems = [str(m) for errors in form.errors.values() for m in errors]
        error = _("Nothing was replaced. %(problems)s") % {"problems": " ".join(problems)}
        return JsonResponse({"ok": False, "error": error})
    return _document_page(request, case, document, replace_form=form)


def _replace_stale(request: HttpRequest, case: Case, stale: StaleEdit) -> HttpResponse:
    current, mine = stale.current.original_name, stale.submitted["original_name"]
    if _wants_json(request):
        error = _("%(stale)s Nothing was replaced; reload the page and try again.") % {"stale": stale}
        return JsonResponse({"ok": False, "error": error}, status=409)
    response = render_case(request, case, "cases/stale.html", {"rows": [("original", current, mine)]})
    response.status_code = 409
    return response


@require_POST
@case_view(edit=True)
def finding_add(request: HttpRequest, case: Case, key: str) -> HttpResponse:
    document = document_get(case=case, key=key)
    form = FindingForm(request.POST, case=case)
    if form.is_valid():
        try:
            services.finding_add(actor=request.user, document=document,
                                 **{f: form.cleaned_data[f] for f in services.FINDING_FIELDS})
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Finding recorded."))
            return redirect(_findings_of(case, document))
    return _document_page(request, case, document, finding_form=form)


def _findings_of(case: Case, document: Document) -> str:
    return reverse("evidence_document", kwargs={"case_id": case.public_id, "key": document.key}) + "#findings"


def _finding(case: Case, key: str, pk: int) -> tuple[Document, MedicalFinding]:
    document = document_get(case=case, key=key)
    return document, get_object_or_404(document.findings, pk=pk)


@case_view(edit=True)
def finding_edit(request: HttpRequest, case: Case, key: str, pk: int) -> HttpResponse:
    document, finding = _finding(case, key, pk)
    form = FindingEditForm(request.POST or None, case=case, instance=finding, initial={"version": finding.version})
    save = functools.partial(services.finding_update, actor=request.user, finding=finding)
    return edit_page(request, case, form, save, title=_("Edit a finding of %(title)s") % {"title": document.title},
                     back=_findings_of(case, document), saved=_("Finding saved."))


@case_view(edit=True)
def finding_delete(request: HttpRequest, case: Case, key: str, pk: int) -> HttpResponse:
    document, finding = _finding(case, key, pk)
    delete = functools.partial(services.finding_delete, actor=request.user, finding=finding)
    return delete_page(request, case, delete, what=_("this finding of %(title)s") % {"title": document.title},
                       back=_findings_of(case, document), deleted=_("Finding deleted."),
                       effects=[_("The element matrix and the gap report no longer count it, for or against the "
                                  "account. The report itself stays in the evidence.")])


def _stream(request: HttpRequest, case: Case, document: Document, sha: str, *, derived: bool,
            name: str = "", copy: str = "") -> HttpResponseBase:
    audit_record(actor=request.user, action="evidence.document.downloaded", obj=document,
                 object_key=document.key, organisation_id=case.organisation_id, case_id=case.pk,
                 detail={"copy": copy or ("derived" if derived else "original"), "sha256": sha})
    if not derived:  # what someone uploaded always downloads, from the download host if there is one
        return attachment(request, sha=sha, name=name or document.original_name)
    # The derived PDF, which we made, may show in the browser.
    response = StreamingHttpResponse(plain_chunks(sha), content_type="application/pdf")
    response["Content-Disposition"] = content_disposition(name or f"{safe_filename(document.key)}.pdf", inline=True)
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox; default-src 'none'; object-src 'self'"
    return response


def _original_of(request: HttpRequest, case: Case, key: str) -> Document:
    """The document, when the user may download its original: 404 if it is not theirs to see,
    403 for a viewer who was not allowed downloads."""
    document = document_get_shared(user=request.user, case=case, key=key)
    if not can_download_originals(user=request.user, case=case):
        raise PermissionDenied
    return document


@case_view(shared=True)
def download_original(request: HttpRequest, case: Case, key: str) -> HttpResponseBase:
    document = _original_of(request, case, key)
    return _stream(request, case, document, document.original_sha256, derived=False)


@case_view(shared=True)
def download_previous(request: HttpRequest, case: Case, key: str, number: int) -> HttpResponseBase:
    """An original a replace superseded (numbered from 1 in the order replaced)."""
    document = _original_of(request, case, key)
    previous = list(document.previous_originals.all())
    if not 1 <= number <= len(previous):
        raise Http404
    kept = previous[number - 1]
    name = kept.original_name or f"{safe_filename(document.key)}-previous-{number}"
    return _stream(request, case, document, kept.sha256, derived=False, name=name, copy="previous original")


@case_view(shared=True)
def view_pdf(request: HttpRequest, case: Case, key: str) -> HttpResponseBase:
    document = document_get_shared(user=request.user, case=case, key=key)
    if not document.derived_sha256:
        return render_case(request, case, "evidence/not_ready.html", {"document": document})
    return _stream(request, case, document, document.derived_sha256, derived=True)


def _versioned_change(request: HttpRequest, case: Case, key: str, change: Callable[..., Document],
                      done: str, **options: Any) -> HttpResponse:
    """Run a withdraw, restore or bundle change named by the version the user saw; say what happened."""
    document = document_get(case=case, key=key)
    form = WithdrawForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(m) for errors in form.errors.values() for m in errors))
    else:
        try:
            change(actor=request.user, document=document, expected_version=form.cleaned_data["version"], **options)
        except StaleEdit:
            messages.error(request, _("Someone changed this document since you opened it; nothing was changed. "
                                      "Look at it again and try again."))
        except DomainError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, done)
    return redirect("evidence_document", case_id=case.public_id, key=key)


@require_POST
@case_view(edit=True)
def withdraw(request: HttpRequest, case: Case, key: str) -> HttpResponse:
    return _versioned_change(
        request, case, key, services.document_withdraw, reason=request.POST.get("reason", ""),
        done=_("The document is withdrawn: it stays in the vault and the history, and is left out of the checks, "
               "the gap report, the element matrix and bundles until you restore it."))


@require_POST
@case_view(edit=True)
def restore(request: HttpRequest, case: Case, key: str) -> HttpResponse:
    return _versioned_change(request, case, key, services.document_restore,
                             done=_("The document is restored: it counts again in the checks and bundles."))


@require_POST
@case_view(edit=True)
def bundle_exclusion(request: HttpRequest, case: Case, key: str) -> HttpResponse:
    excluded = request.POST.get("excluded") == "1"
    return _versioned_change(
        request, case, key, services.document_bundle_exclude, excluded=excluded,
        done=_("The document will be left out of the next bundle; it still counts in the checks.") if excluded
        else _("The document goes back into the next bundle."))
