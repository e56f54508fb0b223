"""An export's page: where the work stands, then its file (the gap report as a PDF, a case package)."""

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase, JsonResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext

from article3.accounts.models import PACKAGE_ROLES
from article3.cases.models import Case
from article3.cases.selectors import case_role
from article3.cases.views import case_view, render_case
from article3.evidence.filenames import content_disposition
from article3.exports import services
from article3.exports.models import CaseExport, ExportKind, ExportStatus


def _export_for(request: HttpRequest, case: Case, export_id: int) -> CaseExport:
    """An export of this case (404 for any other); a package only for those who may take one."""
    export = get_object_or_404(CaseExport.objects.select_related("case"), case=case, pk=export_id)
    if export.kind == ExportKind.CASE_PACKAGE and case_role(user=request.user, case=case) not in PACKAGE_ROLES:
        raise PermissionDenied
    return export


@case_view(page="export")
def export_detail(request: HttpRequest, case: Case, export_id: int) -> HttpResponse:
    """Where the export stands; the page follows it (static script, or a refresh without one)."""
    export = _export_for(request, case, export_id)
    return render_case(request, case, "exports/progress.html", {"export": export, "back": _back(export)})


@case_view()
def export_status(request: HttpRequest, case: Case, export_id: int) -> JsonResponse:
    export = _export_for(request, case, export_id)
    return JsonResponse({"finished": export.finished, "status": export.get_status_display(),
                         "progress": export.progress_text,
                         "error": gettext(export.error_message) if export.error_message else ""})


@case_view()
def export_file(request: HttpRequest, case: Case, export_id: int) -> HttpResponseBase:
    export = _export_for(request, case, export_id)
    if export.status != ExportStatus.DONE:
        raise Http404("This file is not ready.")
    response = StreamingHttpResponse(services.export_download(actor=request.user, export=export),
                                     content_type=export.content_type)
    response["Content-Disposition"] = content_disposition(export.filename)
    response["Content-Length"] = str(export.bytes)
    response["Cache-Control"] = "no-store"
    return response


def _back(export: CaseExport) -> tuple[str, str]:
    """The page the export was asked for on: (URL name, its words)."""
    if export.kind == ExportKind.CASE_PACKAGE:
        return "case_package", gettext("Export")
    return "case_gaps", gettext("Gap report")
