"""Pages of the library (per organisation) and the case tab "Country information"."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase, JsonResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from article3.accounts.selectors import organisation_for_user
from article3.audit.services import audit_record
from article3.cases.models import Case
from article3.cases.selectors import case_get_for_user, case_list_for_user
from article3.cases.views import case_view, render_case
from article3.coi import feeds, forms, selectors, services
from article3.coi.models import ImportStatus, Report, ReportImport
from article3.coi.staging import KeptFile, upload_keep, upload_kept
from article3.errors import DomainError
from article3.evidence.delivery import attachment
from article3.evidence.filenames import content_disposition
from article3.evidence.storage import plain_chunks

RESULTS = 20


def _search(request: HttpRequest, form: forms.SearchForm) -> list[selectors.SearchResult]:
    if not form.is_valid() or not form.cleaned_data["q"]:
        return []
    data = form.cleaned_data
    return selectors.passage_search(user=request.user, query=data["q"], country=data["country"],
                                    since=data["since"], current_only=data["current"], limit=RESULTS,
                                    mode="hybrid" if data.get("meaning") else "keyword")


def _citing_case(request: HttpRequest) -> Case | None:
    public_id = request.GET.get("case", "")
    return case_get_for_user(user=request.user, public_id=public_id) if public_id else None


@login_required
def library(request: HttpRequest) -> HttpResponse:
    """Search the library; `?report=` shows one report's passages; `?case=` offers citing into that case."""
    form = forms.SearchForm(request.GET or None)
    context: dict[str, Any] = {"form": form, "citing": _citing_case(request),
                               "cases": case_list_for_user(user=request.user).order_by("reference")}
    if request.GET.get("report"):
        report = selectors.report_get_for_user(user=request.user, report_id=request.GET["report"])
        context.update(report=report, passages=report.passages.defer("embedding", "search_vector"),
                       countries=report.countries.values_list("code", flat=True))
        return render(request, "coi/report.html", context)
    context["results"] = _search(request, form)
    context["reports"] = selectors.report_list_for_user(user=request.user).select_related("superseded_by")[:50]
    return render(request, "coi/library.html", context)


@login_required
def report_file(request: HttpRequest, report_id: int, copy: str) -> HttpResponseBase:
    """The report's file as imported, or its PDF form, always as a download (a web page from
    outside is never rendered here). Only members of its organisation's library reach it."""
    report = selectors.report_get_for_user(user=request.user, report_id=report_id)
    derived = copy == "pdf"
    sha = report.derived_sha256 if derived else report.sha256
    if not sha:
        raise Http404
    audit_record(actor=request.user, action="coi.report.downloaded", obj=report,
                 organisation_id=report.organisation_id, detail={"copy": "pdf" if derived else "original"})
    if not derived:  # a web page or file as published: never rendered here
        return attachment(request, sha=sha, name=_file_name(report, derived=False))
    response = StreamingHttpResponse(plain_chunks(sha))
    response["Content-Type"] = "application/pdf"
    response["Content-Disposition"] = content_disposition(_file_name(report, derived=True))
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _file_name(report: Report, *, derived: bool) -> str:
    stem = Path(report.original_name).stem if report.original_name else f"report-{report.pk}"
    return f"{stem}.pdf" if derived else (report.original_name or f"{stem}.{report.file_type}")


@login_required
def report_import(request: HttpRequest) -> HttpResponse:
    org = organisation_for_user(user=request.user)
    allowed = org is not None and selectors.library_editor(user=request.user, organisation_id=org.pk)
    if request.method == "POST" and not allowed:
        raise PermissionDenied
    kept = _kept_upload(request, org.pk) if org is not None and allowed else None
    form = forms.ImportForm(request.POST or None, request.FILES or None, file_kept=kept is not None)
    if request.method == "POST" and form.is_valid() and org is not None:
        data = form.cleaned_data
        date, precision = data["date"]
        meta = services.ReportMeta(
            countries=data["countries"].split(","), title=data["title"], publisher=data["publisher"],
            date=date, date_precision=precision, url=data["url"], doc_type=data["doc_type"], language=data["language"],
            series=data["series"])
        upload = data["file"]
        content, name = (upload.read(), upload.name or "") if upload else _kept_content(kept)
        try:
            job = services.report_import_request(actor=request.user, organisation=org, data=content,
                                                 meta=meta, filename=name)
        except DomainError as exc:
            form.add_error(None, str(exc))
            kept = None  # the file itself was refused: nothing worth keeping
        else:
            return redirect("coi_import_progress", job_id=job.pk)
    # Browsers cannot refill a file input: when the form comes back with errors, the file just sent is
    # kept and named on the page (every other field keeps what was typed).
    refused = not form.errors or "file" in form.errors or form.non_field_errors()
    chosen = None if refused else request.FILES.get("file")
    if chosen is not None and org is not None:
        kept = upload_keep(user=request.user, organisation_id=org.pk, name=chosen.name or "report",
                           data=b"".join(chosen.chunks()))
    if kept is not None:
        form.fields["file"].required = False  # else the browser refuses to send the form without a file
    return render(request, "coi/import.html", {"form": form, "allowed": allowed, "kept": kept})


def _kept_content(kept: KeptFile | None) -> tuple[bytes, str]:
    return (kept.read(), kept.name) if kept is not None else (b"", "")


def _kept_upload(request: HttpRequest, organisation_id: int) -> KeptFile | None:
    token = request.POST.get("kept", "") if request.method == "POST" else ""
    return upload_kept(token=token, user=request.user, organisation_id=organisation_id) if token else None


def _import_for_user(request: HttpRequest, job_id: int) -> ReportImport:
    """An import of the user's organisation (404 for any other)."""
    org = organisation_for_user(user=request.user)
    return get_object_or_404(ReportImport.objects.select_related("report"), pk=job_id,
                             organisation_id=org.pk if org is not None else -1)


@login_required
def report_import_progress(request: HttpRequest, job_id: int) -> HttpResponse:
    """Where an import stands; the page follows it (static script) and then offers the report."""
    job = _import_for_user(request, job_id)
    return render(request, "coi/import_progress.html", {"job": job, "message": _imported_message(job)})


@login_required
def report_import_status(request: HttpRequest, job_id: int) -> JsonResponse:
    job = _import_for_user(request, job_id)
    return JsonResponse({"finished": job.finished, "status": job.get_status_display(), "progress": job.progress_text,
                         "error": job.error_text})


def _imported_message(job: ReportImport) -> str:
    if job.status != ImportStatus.DONE:
        return ""
    if not job.created:
        return _("This report was already in the library.")
    if job.alerts:
        return ngettext("Imported. It may bear on %(count)s case: see the alerts.",
                        "Imported. It may bear on %(count)s cases: see the alerts.", job.alerts) % {"count": job.alerts}
    return _("Imported.")


@login_required
def sources(request: HttpRequest) -> HttpResponse:
    """The organisation's feeds; its admins add, pause, remove and poll them."""
    org = organisation_for_user(user=request.user)
    is_admin = org is not None and selectors.library_admin(user=request.user, organisation_id=org.pk)
    form = forms.SourceForm(request.POST if request.POST.get("action") == "add" else None)
    if request.method == "POST":
        if not is_admin or org is None:
            raise PermissionDenied
        done = _source_action(request, org, form)
        if done:
            return redirect("coi_sources")
    return render(request, "coi/sources.html", {
        "form": form, "is_admin": is_admin, "sources": selectors.sources_for_user(user=request.user)})


def _source_action(request: HttpRequest, org: Any, form: forms.SourceForm) -> bool:
    action = request.POST.get("action", "")
    if action == "add":
        if not form.is_valid():
            return False
        try:
            feeds.source_add(actor=request.user, organisation=org, **form.cleaned_data)
        except DomainError as exc:
            form.add_error(None, str(exc))
            return False
        return True
    raw = request.POST.get("source", "")
    source = get_object_or_404(org.coi_sources, pk=int(raw) if raw.isdigit() else 0)
    if action == "remove":
        feeds.source_remove(actor=request.user, source=source)
    elif action in ("pause", "resume"):
        feeds.source_set_active(actor=request.user, source=source, active=action == "resume")
    elif action == "poll":
        result = feeds.source_poll(source=source)
        messages.info(request, _("%(feed)s: %(status)s, %(new)s new, %(alerts)s alerts.") % {
            "feed": source.name, "status": result.status, "new": result.new_reports, "alerts": result.alerts})
    return True


# The case tab


def _element_choices(case: Case) -> list[tuple[str, str]]:
    from article3.rulepacks import load_pack

    return [(e.code, e.label) for e in load_pack(case.forum).elements if e.applicable]


@case_view(page="country_information")
def case_coi(request: HttpRequest, case: Case) -> HttpResponse:
    form = forms.SearchForm(request.GET or {"country": case.country_of_return})
    passage, cite_form = None, None
    if request.GET.get("cite"):
        passage = selectors.passage_get_for_case(case=case, passage_id=request.GET["cite"])
        cite_form = forms.CiteForm(initial={"passage": passage.pk, "quote": passage.text},
                                   element_choices=_element_choices(case))
    return render_case(request, case, "coi/case.html", {
        "form": form, "results": _search(request, form), "cite_form": cite_form, "cite_passage": passage,
        "citations": selectors.citations_for_case(case=case), "alerts": selectors.alerts_for_case(case),
        "currency_months": selectors.currency_months(case)})


@require_POST
@case_view(edit=True)
def case_coi_cite(request: HttpRequest, case: Case) -> HttpResponse:
    form = forms.CiteForm(request.POST, element_choices=_element_choices(case))
    if not form.is_valid():
        messages.error(request, _("Choose a passage to cite."))
        return redirect("case_coi", case_id=case.public_id)
    passage = selectors.passage_get_for_case(case=case, passage_id=form.cleaned_data["passage"])
    try:
        citation = services.citation_add(actor=request.user, case=case, passage=passage,
                                         elements=form.cleaned_data["elements"], quote=form.cleaned_data["quote"],
                                         note=form.cleaned_data["note"])
    except DomainError as exc:
        messages.error(request, str(exc))
        return redirect(f"{reverse('case_coi', args=[case.public_id])}?cite={passage.pk}")
    return redirect(f"{reverse('case_coi', args=[case.public_id])}#{citation.key}")


@require_POST
@case_view(edit=True)
def case_coi_citation_remove(request: HttpRequest, case: Case) -> HttpResponse:
    citation = case.coi_citations.filter(key=request.POST.get("key", "")).first()
    if citation is None:
        messages.error(request, _("That citation is no longer there."))
    else:
        services.citation_remove(actor=request.user, citation=citation)
    return redirect("case_coi", case_id=case.public_id)


@require_POST
@case_view(edit=True)
def case_coi_alert_dismiss(request: HttpRequest, case: Case) -> HttpResponse:
    try:
        alert = case.coi_alerts.get(pk=int(request.POST.get("alert") or 0))
    except (ValueError, case.coi_alerts.model.DoesNotExist):
        alert = None
    if alert is None:
        messages.error(request, _("That alert is no longer there."))
    else:
        services.alert_dismiss(actor=request.user, alert=alert)
    return redirect("case_coi", case_id=case.public_id)

