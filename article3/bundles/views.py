from typing import Any

from django.db.models import Q
from django.http import HttpRequest, HttpResponse, HttpResponseBase, JsonResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_POST

from article3.audit.services import audit_record
from article3.bundles import inputs, services
from article3.bundles.models import BundleBuild
from article3.bundles.warnings import bundle_warnings
from article3.cases.models import Case
from article3.cases.views import case_view, render_case
from article3.coi.bundle import CitedReport, cited_reports
from article3.errors import DomainError
from article3.evidence.filenames import content_disposition
from article3.evidence.storage import plain_chunks
from article3.rulepacks import all_packs
from article3.snapshots import page_parts


@case_view(page="bundles")
def bundles(request: HttpRequest, case: Case) -> HttpResponse:
    profile = inputs.profile_for(case.forum)
    builds = list(BundleBuild.objects.filter(case=case).prefetch_related("volumes")[:10])
    latest = next((b for b in builds if b.status == "done"), None)
    parts = page_parts(case, "bundles")  # the filing order is worked out, and drawn, once per state of the case
    return render_case(request, case, "bundles/bundles.html", {
        **parts.worked_out("order", lambda: _filing_order(case)), "parts": parts,
        "left_out": case.documents.filter(Q(withdrawn_at__isnull=False) | Q(bundle_excluded=True)).order_by("pk"),
        "warnings": bundle_warnings(case=case), "builds": builds, "latest": latest,
        "changes": services.build_changes(latest) if latest else {},
        "profiles": [(p.forum, p.name) for p in all_packs().values()], "profile": profile})


def _filing_order(case: Case) -> dict[str, Any]:
    """The exhibits, each with what follows it, and the cited country reports in filing order; all
    read afresh, so that nothing is older than the state the parts are kept for."""
    case = Case.objects.get(pk=case.pk)
    profile = inputs.profile_for(case.forum)
    exhibits = inputs.exhibit_order(case, profile)
    attached = inputs.attachments_by_document(case.pk, exhibits)
    entries = inputs.filing_order(case, profile, cited_reports(case), exhibits)
    return {"order": [(d, attached[d.pk]) for d in exhibits],
            "reports": [e for e in entries if isinstance(e, CitedReport)]}


@require_POST
@case_view(edit=True)
def build(request: HttpRequest, case: Case) -> HttpResponse:
    try:
        services.bundle_request(actor=request.user, case=case, profile=request.POST.get("profile", case.forum))
    except DomainError as exc:
        return render_case(request, case, "cases/form_error.html", {"message": str(exc)})
    return redirect("bundles", case_id=case.public_id)


@require_POST
@case_view(edit=True)
def reorder(request: HttpRequest, case: Case) -> HttpResponse:
    keys = request.POST.getlist("order")
    # The ↑ and ↓ buttons carry their row's key as their value: no script, so the CSP allows them.
    for move, step in (("up", -1), ("down", 1)):
        key = request.POST.get(move)
        if key in keys:
            i = keys.index(key)
            j = i + step
            if 0 <= j < len(keys):
                keys[i], keys[j] = keys[j], keys[i]
    services.exhibit_order_set(actor=request.user, case=case, keys=keys)
    return redirect("bundles", case_id=case.public_id)


@case_view()
def build_status(request: HttpRequest, case: Case, build_id: int) -> JsonResponse:
    found = get_object_or_404(BundleBuild, case=case, pk=build_id)
    return JsonResponse({"status": found.status, "label": found.get_status_display(), "progress": found.progress_text,
                         "error": found.error_text})


@case_view(page="bundle_build")
def build_detail(request: HttpRequest, case: Case, build_id: int) -> HttpResponse:
    found = get_object_or_404(BundleBuild.objects.prefetch_related("volumes"), case=case, pk=build_id)
    return render_case(request, case, "bundles/build.html", {"build": found, "changes": services.build_changes(found)})


@case_view()
def volume_download(request: HttpRequest, case: Case, build_id: int, number: int) -> HttpResponseBase:
    return volume_stream(request, case, build_id, number)


def volume_stream(request: HttpRequest, case: Case, build_id: int, number: int) -> HttpResponseBase:
    """One volume of a build of a case the caller loaded through the access selector; the download audited."""
    found: BundleBuild = get_object_or_404(BundleBuild, case=case, pk=build_id)
    volume = get_object_or_404(found.volumes, number=number)
    audit_record(actor=request.user, action="bundles.volume.downloaded", obj=volume, object_key=str(found.pk),
                 organisation_id=case.organisation_id, case_id=case.pk, detail={"volume": number})
    response = StreamingHttpResponse(plain_chunks(volume.sha256), content_type="application/pdf")
    response["Content-Disposition"] = content_disposition(volume.name, inline=True)
    response["Content-Security-Policy"] = "sandbox; default-src 'none'; object-src 'self'"
    response["Cache-Control"] = "no-store"
    return response
