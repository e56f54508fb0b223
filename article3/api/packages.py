"""Case packages through the API: export one case (attorneys and admins), import one (who may open cases)."""

import shutil
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpResponseBase
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, serializers, status
from rest_framework.parsers import MultiPartParser
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from article3.api.views import CASE_ID, FILE, CaseScoped, FileRenderer, _organisation, problems
from article3.cases.selectors import can_manage_team
from article3.evidence.filenames import content_disposition

REDACT = OpenApiParameter("redact", OpenApiTypes.BOOL, description="Leave out the names of people marked "
                          "'redact' and the safety plan.")


class PackageExport(CaseScoped):
    renderer_classes = [JSONRenderer, FileRenderer]

    @extend_schema(parameters=[CASE_ID, REDACT], responses={200: FILE, **problems(403, 404, 409)},
                   summary="Export the case as a signed package (.zip)",
                   description="The package `article3 case import` and this API read back (docs/case-package.md). "
                               "A case whose files are larger than the server packages within a request answers "
                               "409: ask for it with `exports/` (kind `case_package`) and download it when made.")
    def get(self, request: Request, case_id: str) -> HttpResponseBase:
        from article3.interchange.exporter import case_export, package_size

        case = self.case(request, case_id)
        if not can_manage_team(user=request.user, case=case):
            raise PermissionDenied
        if package_size(case) > settings.ARTICLE3_PACKAGE_IN_REQUEST_BYTES:
            refused: HttpResponseBase = Response(
                {"detail": "This case's files are too large to package within one request: ask for the package "
                           "with POST exports/ (kind case_package) and download it when it is made."},
                status=status.HTTP_409_CONFLICT)
            return refused
        redact = request.query_params.get("redact", "").lower() in ("1", "true", "yes")
        folder = Path(tempfile.mkdtemp(prefix="article3-api-export-"))
        try:
            out = folder / "package.zip"
            case_export(actor=request.user, case=case, out=out, redact=redact)
            handle = out.open("rb")  # the open file outlives its folder, which goes now
        finally:
            shutil.rmtree(folder, ignore_errors=True)
        response = FileResponse(handle, content_type="application/zip")
        response["Content-Disposition"] = content_disposition(f"{case.reference}.zip")
        response["Cache-Control"] = "no-store"
        return response


class ImportResult(serializers.Serializer):
    id = serializers.UUIDField()
    reference = serializers.CharField()
    counts = serializers.DictField(child=serializers.IntegerField())


class PackageImport(APIView):
    parser_classes = [MultiPartParser]

    @extend_schema(request={"multipart/form-data": {"type": "object", "required": ["package"], "properties": {
        "package": {"type": "string", "format": "binary"}}}},
        responses={201: ImportResult, 400: OpenApiResponse(description="The package was not imported; nothing "
                                                            "was changed. The message lists every problem."),
                   **problems(400, 403)},
        summary="Import a case package", description="All or nothing; the documents are then converted in the "
        "background (their status says how far each is).")
    def post(self, request: Request) -> Response:
        from article3.evidence.tasks import document_process
        from article3.interchange.importer import case_import
        from article3.interchange.schema import PackageError

        organisation = _organisation(request)
        upload = request.FILES.get("package")
        if organisation is None:
            raise PermissionDenied
        if upload is None:
            raise exceptions.ValidationError({"detail": "Send the package (.zip) in the field 'package'."})
        with tempfile.TemporaryDirectory(prefix="article3-api-import-") as folder:
            path = Path(folder) / "package.zip"
            with path.open("wb") as sink:
                for chunk in upload.chunks():
                    sink.write(chunk)
            try:
                result = case_import(actor=request.user, organisation=organisation, path=path)
            except PackageError as exc:
                raise exceptions.ValidationError({"detail": "The package was not imported; nothing was changed.",
                                                  "errors": {"package": list(exc.problems)}}) from exc
        for document in result.documents:
            document_process.enqueue(document.pk)
        return Response({"id": str(result.case.public_id), "reference": result.case.reference,
                         "counts": result.counts}, status=status.HTTP_201_CREATED)
