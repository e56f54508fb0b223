"""Files made on the worker, through the API: the gap report as a PDF and the case package (for a case
whose files are too large to package within a request). Ask, poll, download; the same services, the
same rule as the web (a package only for attorneys and admins), every download audited."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseBase, StreamingHttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response

from article3.accounts.models import PACKAGE_ROLES
from article3.api.views import CASE_ID, FILE, CaseScoped, FileRenderer, body, problems
from article3.cases.models import Case
from article3.cases.selectors import case_role
from article3.evidence.filenames import content_disposition
from article3.exports import services
from article3.exports.models import CaseExport, ExportKind, ExportStatus


class Export(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    kind = serializers.ChoiceField(choices=ExportKind.choices)
    status = serializers.CharField()
    progress = serializers.CharField()
    error_message = serializers.CharField()
    requested_at = serializers.DateTimeField()
    finished_at = serializers.DateTimeField(allow_null=True)
    filename = serializers.CharField()
    bytes = serializers.IntegerField()


class ExportRequest(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ExportKind.choices)
    redact = serializers.BooleanField(required=False, help_text="a package only: leave out the names of people "
                                                                "marked 'redact' and the safety plan")


def _may(request: Request, case: Case, kind: str) -> None:
    if kind == ExportKind.CASE_PACKAGE and case_role(user=request.user, case=case) not in PACKAGE_ROLES:
        raise PermissionDenied


def _export(request: Request, case: Case, pk: int) -> CaseExport:
    export = CaseExport.objects.filter(case=case, pk=pk).select_related("case").first()
    if export is None:
        raise Http404
    _may(request, case, export.kind)
    return export


class ExportList(CaseScoped):
    @extend_schema(parameters=[CASE_ID], request=ExportRequest, responses={202: Export, **problems(400, 403, 404)},
                   summary="Make the gap report's PDF or the case package on the worker",
                   description="Poll the export until its status is done or failed, then download its file. "
                               "Asking again while the same export is being made returns that one.")
    def post(self, request: Request, case_id: str) -> Response:
        case = self.case(request, case_id, write=True)
        asked = ExportRequest(data=body(request))
        asked.is_valid(raise_exception=True)
        kind: str = asked.validated_data["kind"]
        _may(request, case, kind)
        options: dict[str, Any] = {"redact": True} if kind == ExportKind.CASE_PACKAGE and asked.validated_data.get(
            "redact") else {}
        export = services.export_request(actor=request.user, case=case, kind=kind, options=options)
        export.refresh_from_db()
        return Response(Export(export).data, status=status.HTTP_202_ACCEPTED)


EXPORT = OpenApiParameter("pk", OpenApiTypes.INT, OpenApiParameter.PATH, description="The export's number.")


class ExportDetail(CaseScoped):
    @extend_schema(parameters=[CASE_ID, EXPORT], responses={200: Export, **problems(403, 404)},
                   summary="Where an export stands")
    def get(self, request: Request, case_id: str, pk: int) -> Response:
        return Response(Export(_export(request, self.case(request, case_id), pk)).data)


class ExportFile(CaseScoped):
    renderer_classes = [JSONRenderer, FileRenderer]

    @extend_schema(parameters=[CASE_ID, EXPORT], responses={200: FILE, **problems(403, 404)},
                   summary="Download an export's file")
    def get(self, request: Request, case_id: str, pk: int) -> HttpResponseBase:
        export = _export(request, self.case(request, case_id), pk)
        if export.status != ExportStatus.DONE:
            raise Http404
        response = StreamingHttpResponse(services.export_download(actor=request.user, export=export),
                                         content_type=export.content_type)
        response["Content-Disposition"] = content_disposition(export.filename)
        response["Content-Length"] = str(export.bytes)
        response["Cache-Control"] = "no-store"
        return response
