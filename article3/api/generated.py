"""Generated documents through the API: ask for one (the worker makes it, as from the documents page),
follow its status, download its DOCX or PDF (audited). Need-to-know roles reach only the declarations
linked to a document shared with them, as on the web."""

from typing import Any

from django.http import Http404, HttpResponseBase
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response

from article3.api import schema
from article3.api.views import CASE_ID, CaseScoped, FileRenderer, audit_read, body, form_errors, problems
from article3.cases.selectors import need_to_know
from article3.docs import selectors, services
from article3.docs.forms import GenerateForm


class Generated(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    kind = serializers.CharField()
    title = serializers.CharField(source="get_kind_display")
    status = serializers.CharField()
    pages = serializers.IntegerField(allow_null=True)
    warnings = serializers.ListField(child=serializers.CharField())
    error_message = serializers.CharField()
    has_docx = serializers.SerializerMethodField()
    has_pdf = serializers.SerializerMethodField()
    created_at = serializers.DateTimeField()
    finished_at = serializers.DateTimeField(allow_null=True)

    def get_has_docx(self, obj: Any) -> bool:
        return bool(obj.docx_sha256)

    def get_has_pdf(self, obj: Any) -> bool:
        return bool(obj.pdf_sha256)


GenerateBody = schema.form_serializer("GeneratedRequest", GenerateForm, declared=True)
ID = OpenApiParameter("pk", OpenApiTypes.INT, OpenApiParameter.PATH, description="The generated document's number.")
FORMAT = OpenApiParameter("fmt", OpenApiTypes.STR, OpenApiParameter.PATH, enum=["docx", "pdf"])


class GeneratedList(CaseScoped):
    @extend_schema(parameters=[CASE_ID], responses={200: Generated(many=True), **problems(404)},
                   summary="Generated documents, the newest first")
    def get(self, request: Request, case_id: str) -> Response:
        case = self.case(request, case_id)
        if need_to_know(user=request.user, case=case):
            raise Http404
        audit_read(request, case, "generated_documents")
        return Response(Generated([row.generated for row in selectors.generated_list(case=case)], many=True).data)

    @extend_schema(parameters=[CASE_ID], request=GenerateBody, responses={202: Generated, **problems(400, 403, 404)},
                   summary="Generate a document", description="The worker makes it: poll it until its status is "
                                                              "done or failed. The fields a kind does not use "
                                                              "are ignored.")
    def post(self, request: Request, case_id: str) -> Response:
        case = self.case(request, case_id, write=True)
        form = GenerateForm(body(request), case=case)
        if not form.is_valid():
            raise form_errors(form)
        generated = services.generated_request(actor=request.user, case=case, kind=form.cleaned_data["kind"],
                                               options=form.options())
        generated.refresh_from_db()
        return Response(Generated(generated).data, status=status.HTTP_202_ACCEPTED)


class GeneratedDetail(CaseScoped):
    shared = True

    @extend_schema(parameters=[CASE_ID, ID], responses={200: Generated, **problems(404)},
                   summary="A generated document and its status")
    def get(self, request: Request, case_id: str, pk: int) -> Response:
        case = self.case(request, case_id)
        generated = selectors.generated_get_for_user(user=request.user, case=case, pk=pk)
        audit_read(request, case, f"generated {generated.pk}")
        return Response(Generated(generated).data)


class GeneratedFile(CaseScoped):
    shared = True
    renderer_classes = [JSONRenderer, FileRenderer]

    @extend_schema(parameters=[CASE_ID, ID, FORMAT], summary="Download a generated document (DOCX or PDF)",
                   operation_id="cases_generated_documents_file",
                   responses={200: OpenApiResponse(OpenApiTypes.BINARY, description="The file."), **problems(404)})
    def get(self, request: Request, case_id: str, pk: int, fmt: str) -> HttpResponseBase:
        from article3.docs.views import generated_file

        case = self.case(request, case_id)
        generated = selectors.generated_get_for_user(user=request.user, case=case, pk=pk)
        return generated_file(request._request, case, generated, fmt)
