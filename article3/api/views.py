"""REST API v1: thin views over the same services and access selectors as the web pages.

Every case is loaded through `case_get_for_user` (404 outside one's cases, and for interpreters and
experts everywhere but the share-aware reads); every read of case data and every download is audited;
writes go through the services, with the web forms' validation and messages.
"""

from typing import Any

from django import forms as django_forms
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseBase
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, status
from rest_framework.pagination import PageNumberPagination
from rest_framework.parsers import MultiPartParser
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView
from rest_framework.views import exception_handler as drf_exception_handler

from article3.accounts.models import CASE_CREATING_ROLES, Membership, Organisation
from article3.accounts.selectors import actor_has_org_role, is_org_admin, organisation_for_user
from article3.api import schema
from article3.api.authentication import token_of
from article3.audit import selectors as audit_selectors
from article3.audit.services import audit_record
from article3.cases import forms as case_forms
from article3.cases import services as case_services
from article3.cases.models import Case, Person
from article3.cases.selectors import (
    can_download_originals,
    can_edit,
    can_manage_team,
    case_get_for_user,
    case_list_for_user,
    need_to_know,
)
from article3.errors import DomainError, NotPermitted, StaleEdit
from article3.evidence import services as evidence_services
from article3.evidence.filenames import safe_filename
from article3.evidence.forms import UploadForm
from article3.evidence.selectors import document_get_shared, documents_for_user

PROBLEMS = {
    400: OpenApiResponse(schema.Problem, description="The request was not accepted; the message says why."),
    401: OpenApiResponse(schema.Problem, description="No valid token or session."),
    403: OpenApiResponse(schema.Problem, description="Your role or your token's scope does not allow this."),
    404: OpenApiResponse(schema.Problem, description="Not found, or not one of your cases."),
    409: OpenApiResponse(schema.Problem, description="Someone else changed the record since you read it."),
    429: OpenApiResponse(schema.Problem, description="Too many requests with this token."),
}
CASE_ID = OpenApiParameter("case_id", OpenApiTypes.UUID, OpenApiParameter.PATH, description="The case's id.")
KEY = OpenApiParameter("key", OpenApiTypes.STR, OpenApiParameter.PATH, description="The record's key in the case.")


def problems(*codes: int) -> dict[int, OpenApiResponse]:
    return {code: PROBLEMS[code] for code in (401, 429, *codes)}


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """Domain errors become 400 (409 for a stale edit, 403 for a refused role) with their message."""
    if isinstance(exc, StaleEdit):
        return Response({"detail": str(exc), "errors": {"version": [
            f"The record is now at version {exc.current.version}; read it again and apply your change."]}},
            status=status.HTTP_409_CONFLICT)
    if isinstance(exc, NotPermitted):
        exc = exceptions.PermissionDenied(str(exc))
    elif isinstance(exc, DomainError):
        exc = exceptions.ValidationError({"detail": str(exc)})
    response = drf_exception_handler(exc, context)
    if response is not None and isinstance(response.data, dict) and "detail" not in response.data:
        response.data = {"detail": "The request was not accepted.", "errors": response.data}
    elif response is not None and isinstance(response.data, list):
        response.data = {"detail": " ".join(str(m) for m in response.data)}
    return response


class FileRenderer(BaseRenderer):
    """Lets a client that asks for a file's own type reach the download views (which return files)."""

    media_type = "*/*"
    format = "file"

    def render(self, data: Any, accepted_media_type: str | None = None,
               renderer_context: dict[str, Any] | None = None) -> bytes:
        import json

        return json.dumps(data).encode()


def form_errors(form: django_forms.BaseForm) -> exceptions.ValidationError:
    """The form's own messages, by field; `__all__` becomes `detail`."""
    errors = {name: [str(m) for m in messages] for name, messages in form.errors.items() if name != "__all__"}
    general = " ".join(str(m) for m in form.errors.get("__all__", []))
    return exceptions.ValidationError({"detail": general or "Some fields need correcting.", "errors": errors})


def body(request: Request) -> dict[str, Any]:
    if not isinstance(request.data, dict):
        raise exceptions.ValidationError({"detail": "The request body must be a JSON object."})
    return dict(request.data)


def audit_read(request: Request, case: Case, what: str, **detail: Any) -> None:
    audit_record(actor=request.user, action="api.case.read", object_key=what, organisation_id=case.organisation_id,
                 case_id=case.pk, detail=detail or None)


class CaseScoped(APIView):
    """Loads the case for the person (and the token's organisation): 404 when it is not theirs."""

    shared = False  # True for the few reads interpreters and experts reach, through the share-aware selectors

    def case(self, request: Request, case_id: Any, *, write: bool = False) -> Case:
        case = case_get_for_user(user=request.user, public_id=case_id, shared=self.shared)
        token = token_of(request)
        if token is not None and case.organisation_id != token.organisation_id:
            raise Http404
        if write and not can_edit(user=request.user, case=case):
            raise PermissionDenied
        return case


def _organisation(request: Request) -> Organisation | None:
    token = token_of(request)
    return token.organisation if token is not None else organisation_for_user(user=request.user)


class OrganisationList(APIView):
    @extend_schema(responses={200: schema.Organisation(many=True), **problems()}, summary="Your organisations")
    def get(self, request: Request) -> Response:
        seats = Membership.objects.filter(user_id=request.user.pk).select_related("organisation").order_by("pk")
        token = token_of(request)
        if token is not None:
            seats = seats.filter(organisation_id=token.organisation_id)
        rows = [{"slug": s.organisation.slug, "name": s.organisation.name, "role": s.role} for s in seats]
        return Response(schema.Organisation(rows, many=True).data)


class OrganisationDetail(APIView):
    @extend_schema(responses={200: schema.Organisation, **problems(404)}, summary="One of your organisations")
    def get(self, request: Request, slug: str) -> Response:
        seats = Membership.objects.filter(user_id=request.user.pk, organisation__slug=slug)
        token = token_of(request)
        if token is not None:
            seats = seats.filter(organisation_id=token.organisation_id)
        seat = seats.select_related("organisation").first()
        if seat is None:
            raise Http404
        return Response(schema.Organisation(
            {"slug": seat.organisation.slug, "name": seat.organisation.name, "role": seat.role}).data)


CaseCreate = schema.form_serializer("CaseCreate", case_forms.CaseCreateForm)
CaseUpdate = schema.form_serializer("CaseUpdate", case_forms.CaseForm, partial=True, keep_required=("version",))


class CasePages(PageNumberPagination):
    """A page of cases at a time, by reference: `?page=2`, `?page_size=` up to 500."""

    page_size = 100
    page_size_query_param = "page_size"
    max_page_size = 500


class CaseList(APIView):
    pagination_class = CasePages

    @extend_schema(responses={200: schema.Case(many=True), **problems(404)}, summary="Your cases",
                   description="A page at a time: `count`, the `next` and `previous` pages' links, `results`.")
    def get(self, request: Request) -> Response:
        cases = case_list_for_user(user=request.user, shared=True).select_related("organisation")
        token = token_of(request)
        if token is not None:
            cases = cases.filter(organisation_id=token.organisation_id)
        pages = CasePages()
        page = pages.paginate_queryset(cases.order_by("reference", "pk"), request, view=self)
        return pages.get_paginated_response(schema.Case(page, many=True).data)

    @extend_schema(request=CaseCreate, responses={201: schema.Case, **problems(400, 403)}, summary="Open a case")
    def post(self, request: Request) -> Response:
        form = case_forms.CaseCreateForm(body(request))
        organisation = _organisation(request)
        if organisation is None or not actor_has_org_role(actor=request.user, organisation_id=organisation.pk,
                                                          roles=CASE_CREATING_ROLES):
            raise PermissionDenied
        if not form.is_valid():
            raise form_errors(form)
        case = case_services.case_create(actor=request.user, organisation=organisation, owner_id=request.user.pk,
                                         **form.cleaned_data)
        return Response(schema.Case(case).data, status=status.HTTP_201_CREATED)


class CaseDetail(CaseScoped):
    shared = True  # the case's reference and stage; interpreters and experts see nothing more here

    @extend_schema(parameters=[CASE_ID], responses={200: schema.Case, **problems(404)}, summary="A case")
    def get(self, request: Request, case_id: str) -> Response:
        case = self.case(request, case_id)
        audit_read(request, case, "case")
        return Response(schema.Case(case).data)

    @extend_schema(parameters=[CASE_ID], request=CaseUpdate,
                   responses={200: schema.Case, **problems(400, 403, 404, 409)}, summary="Change a case",
                   description="Send `version` as read; a stale version answers 409.")
    def patch(self, request: Request, case_id: str) -> Response:
        case = self.case(request, case_id, write=True)
        if need_to_know(user=request.user, case=case):
            raise Http404
        form = case_forms.CaseForm(_merged(case, case_forms.CaseForm, body(request)), instance=case)
        if not form.is_valid():
            raise form_errors(form)
        changes = {f: form.cleaned_data[f] for f in form._meta.fields or []}
        case = case_services.case_update(actor=request.user, case=case, expected_version=form.cleaned_data["version"],
                                         changes=changes)
        return Response(schema.Case(case).data)


def _merged(instance: Any, form_class: type[django_forms.ModelForm], data: dict[str, Any]) -> dict[str, Any]:  # type: ignore[type-arg]
    """The record's current values under what the request sends: a PATCH changes only what it names."""
    current = django_forms.model_to_dict(instance, fields=form_class._meta.fields)
    return {**{k: v for k, v in current.items() if v is not None}, **data}


class CaseRecord(CaseScoped):
    @extend_schema(parameters=[CASE_ID], responses={200: OpenApiTypes.OBJECT, **problems(404)},
                   summary="The whole case record",
                   description="The same content as `article3 case show --format json`.")
    def get(self, request: Request, case_id: str) -> Response:
        from article3.interchange.record import case_record_show

        return Response(case_record_show(actor=request.user, case=self.case(request, case_id)))


class PersonList(CaseScoped):
    @extend_schema(parameters=[CASE_ID], responses={200: schema.Person(many=True), **problems(404)},
                   summary="People in the case")
    def get(self, request: Request, case_id: str) -> Response:
        case = self.case(request, case_id)
        audit_read(request, case, "people")
        return Response(schema.Person(case.people.all(), many=True).data)

    @extend_schema(parameters=[CASE_ID], request=schema.form_serializer("PersonCreate", case_forms.PersonForm),
                   responses={201: schema.Person, **problems(400, 403, 404)}, summary="Add a person")
    def post(self, request: Request, case_id: str) -> Response:
        case = self.case(request, case_id, write=True)
        form = case_forms.PersonForm(body(request))
        if not form.is_valid():
            raise form_errors(form)
        person = case_services.person_add(actor=request.user, case=case, **form.cleaned_data)
        return Response(schema.Person(person).data, status=status.HTTP_201_CREATED)


class PersonForm(case_forms.VersionedForm):
    """The web's person form, with the version the change starts from."""

    class Meta:
        model = Person
        fields = case_forms.PersonForm.Meta.fields


class PersonDetail(CaseScoped):
    def person(self, request: Request, case_id: str, key: str, *, write: bool = False) -> Any:
        case = self.case(request, case_id, write=write)
        person = case.people.filter(key=key).first()
        if person is None:
            raise Http404
        return person

    @extend_schema(parameters=[CASE_ID, KEY], responses={200: schema.Person, **problems(404)}, summary="A person")
    def get(self, request: Request, case_id: str, key: str) -> Response:
        person = self.person(request, case_id, key)
        audit_read(request, person.case, f"person {person.key}")
        return Response(schema.Person(person).data)

    @extend_schema(parameters=[CASE_ID, KEY], responses={200: schema.Person, **problems(400, 403, 404, 409)},
                   request=schema.form_serializer("PersonUpdate", PersonForm, partial=True, keep_required=("version",)),
                   summary="Change a person", description="Send `version` as read; a stale version answers 409.")
    def patch(self, request: Request, case_id: str, key: str) -> Response:
        person = self.person(request, case_id, key, write=True)
        form = PersonForm(_merged(person, PersonForm, body(request)), instance=person)
        if not form.is_valid():
            raise form_errors(form)
        changes = {f: form.cleaned_data[f] for f in PersonForm.Meta.fields}
        person = case_services.person_update(actor=request.user, person=person,
                                             expected_version=form.cleaned_data["version"], changes=changes)
        return Response(schema.Person(person).data)

    @extend_schema(parameters=[CASE_ID, KEY], responses={204: None, **problems(403, 404)}, summary="Delete a person")
    def delete(self, request: Request, case_id: str, key: str) -> Response:
        case_services.person_delete(actor=request.user, person=self.person(request, case_id, key, write=True))
        return Response(status=status.HTTP_204_NO_CONTENT)


class DocumentList(CaseScoped):
    shared = True
    parser_classes = [MultiPartParser]

    @extend_schema(parameters=[CASE_ID], responses={200: schema.Document(many=True), **problems(404)},
                   summary="Documents (and their processing status)",
                   description="Interpreters and experts see only the documents shared with them.")
    def get(self, request: Request, case_id: str) -> Response:
        case = self.case(request, case_id)
        audit_read(request, case, "documents")
        return Response(schema.Document(documents_for_user(user=request.user, case=case).order_by("pk"),
                                        many=True).data)

    @extend_schema(parameters=[CASE_ID], summary="Upload documents", request={"multipart/form-data": {
        "type": "object", "properties": {
            "uploads": {"type": "array", "items": {"type": "string", "format": "binary"}},
            "kind": {"type": "string"}, "language": {"type": "string"}, "date": {"type": "string"},
            "title": {"type": "string"}}}},
        responses={201: schema.UploadResult(many=True), **problems(400, 403, 404)},
        description="Each file is taken or refused on its own; a refusal never stops the rest.")
    def post(self, request: Request, case_id: str) -> Response:
        case = self.case(request, case_id, write=True)
        if need_to_know(user=request.user, case=case):
            raise Http404
        form = UploadForm(request.POST, request.FILES)
        if not form.is_valid():
            raise form_errors(form)
        meta = {k: form.cleaned_data[k] for k in ("kind", "language", "date", "title")}
        results: list[dict[str, Any]] = []
        for upload in request.FILES.getlist("uploads"):
            name = safe_filename(upload.name or "document")
            try:
                document = evidence_services.document_add(actor=request.user, case=case, stream=upload,
                                                          filename=upload.name or "document", **meta)
                results.append({"file": name, "ok": True, "key": document.key})
            except DomainError as exc:
                results.append({"file": name, "ok": False, "error": str(exc)})
        if not results:
            raise exceptions.ValidationError({"detail": "Send at least one file in the field 'uploads'."})
        return Response(schema.UploadResult(results, many=True).data, status=status.HTTP_201_CREATED)


class DocumentDetail(CaseScoped):
    shared = True

    @extend_schema(parameters=[CASE_ID, KEY], responses={200: schema.Document, **problems(404)},
                   summary="A document and its processing status")
    def get(self, request: Request, case_id: str, key: str) -> Response:
        case = self.case(request, case_id)
        document = document_get_shared(user=request.user, case=case, key=key)
        audit_read(request, case, f"document {document.key}")
        return Response(schema.Document(document).data)


FILE = OpenApiResponse(OpenApiTypes.BINARY, description="The file.")


class DocumentFile(CaseScoped):
    """The original as uploaded, or the PDF made from it; every download audited, as on the web."""

    shared = True
    derived = False
    renderer_classes = [JSONRenderer, FileRenderer]

    @extend_schema(parameters=[CASE_ID, KEY], responses={200: FILE, **problems(403, 404)})
    def get(self, request: Request, case_id: str, key: str) -> HttpResponseBase:
        from article3.evidence.views import _stream

        case = self.case(request, case_id)
        document = document_get_shared(user=request.user, case=case, key=key)
        if self.derived:
            if not document.derived_sha256:
                raise exceptions.NotFound("The PDF of this document is not ready yet; its status says how far it is.")
            return _stream(request._request, case, document, document.derived_sha256, derived=True)
        if not can_download_originals(user=request.user, case=case):
            raise PermissionDenied
        return _stream(request._request, case, document, document.original_sha256, derived=False)


class DocumentPdf(DocumentFile):
    derived = True


class CaseFindings(CaseScoped):
    @extend_schema(parameters=[CASE_ID], responses={200: schema.Row(many=True), **problems(404)},
                   summary="Medical findings of every report of the case",
                   description="Each finding is added, changed and deleted on its report: "
                               "`documents/{key}/findings/`.")
    def get(self, request: Request, case_id: str) -> Response:
        from article3.evidence.models import MedicalFinding

        case = self.case(request, case_id)
        audit_read(request, case, "medical_findings")
        findings = MedicalFinding.objects.filter(document__case=case).order_by("document__pk", "pk")
        return Response([schema.Row(row).data for row in findings])


AFTER = OpenApiParameter("after", OpenApiTypes.INT, description="Only the entries after this number.")


class AuditList(CaseScoped):
    @extend_schema(parameters=[CASE_ID, AFTER],
                   responses={200: schema.AuditEntry(many=True), **problems(400, 403, 404)},
                   summary="The case's audit log (attorneys and admins)")
    def get(self, request: Request, case_id: str) -> Response:
        case = self.case(request, case_id)
        if not can_manage_team(user=request.user, case=case):
            raise PermissionDenied
        audit_record(actor=request.user, action="audit.log.viewed", obj=case, object_key=str(case.public_id),
                     organisation_id=case.organisation_id, case_id=case.pk)
        return Response(_entries(request, audit_selectors.entries_for_case(case_id=case.pk)))


class OrganisationAudit(APIView):
    admin_only = True

    @extend_schema(parameters=[AFTER], responses={200: schema.AuditEntry(many=True), **problems(400, 403, 404)},
                   summary="The organisation's audit log (admins, with an admin token)")
    def get(self, request: Request) -> Response:
        organisation = _organisation(request)
        if organisation is None or not is_org_admin(user=request.user, organisation_id=organisation.pk):
            raise Http404
        audit_record(actor=request.user, action="audit.log.viewed", organisation_id=organisation.pk)
        return Response(_entries(request, audit_selectors.entries_for_organisation(organisation_id=organisation.pk)))


AUDIT_PAGE = 500


def _entries(request: Request, entries: Any) -> Any:
    after = request.query_params.get("after", "")
    if after:
        if not after.isdigit():
            raise exceptions.ValidationError({"detail": "'after' takes the number of an entry, like 120."})
        entries = entries.filter(seq__gt=int(after))
    return schema.AuditEntry(entries.order_by("seq")[:AUDIT_PAGE], many=True).data



class GapReport(CaseScoped):
    @extend_schema(parameters=[CASE_ID], responses={200: schema.GapReport, **problems(404)},
                   summary="The gap report", description="The same findings as `article3 case check --format json`.")
    def get(self, request: Request, case_id: str) -> Response:
        from article3.claims.report import gap_report

        case = self.case(request, case_id)
        audit_read(request, case, "gaps")
        return Response(gap_report(case=case).as_json())


class ConflictList(CaseScoped):
    @extend_schema(parameters=[CASE_ID], responses={200: schema.Conflict(many=True), **problems(404)},
                   summary="Conflicts in the chronology, with how each was answered")
    def get(self, request: Request, case_id: str) -> Response:
        from article3.chronology.conflicts import conflicts
        from article3.chronology.selectors import chronology_snapshot

        case = self.case(request, case_id)
        audit_read(request, case, "conflicts")
        return Response(schema.Conflict(conflicts(chronology_snapshot(case=case)), many=True).data)


class BundleList(CaseScoped):
    @extend_schema(parameters=[CASE_ID], responses={200: schema.Bundle(many=True), **problems(404)},
                   summary="Bundle builds, the newest first")
    def get(self, request: Request, case_id: str) -> Response:
        from article3.bundles.models import BundleBuild

        case = self.case(request, case_id)
        audit_read(request, case, "bundles")
        return Response(schema.Bundle(BundleBuild.objects.filter(case=case).prefetch_related("volumes")[:20],
                                      many=True).data)

    @extend_schema(parameters=[CASE_ID], request=schema.BundleRequest,
                   responses={202: schema.Bundle, **problems(400, 403, 404)}, summary="Build the filing bundle",
                   description="The build runs in the background: poll the build until its status is done or failed.")
    def post(self, request: Request, case_id: str) -> Response:
        from article3.bundles.services import bundle_request

        case = self.case(request, case_id, write=True)
        profile = body(request).get("profile") or case.forum
        if not isinstance(profile, str):
            raise exceptions.ValidationError({"detail": "'profile' names a forum, like us-eoir."})
        build = bundle_request(actor=request.user, case=case, profile=profile)
        build.refresh_from_db()
        return Response(schema.Bundle(build).data, status=status.HTTP_202_ACCEPTED)


BUILD_ID = OpenApiParameter("build_id", OpenApiTypes.INT, OpenApiParameter.PATH, description="The build's number.")


class BundleDetail(CaseScoped):
    @extend_schema(parameters=[CASE_ID, BUILD_ID], responses={200: schema.BundleDetail, **problems(404)},
                   summary="A bundle build: its status, volumes, exhibits and page map")
    def get(self, request: Request, case_id: str, build_id: int) -> Response:
        from article3.bundles.models import BundleBuild

        case = self.case(request, case_id)
        build = BundleBuild.objects.filter(case=case, pk=build_id).first()
        if build is None:
            raise Http404
        audit_read(request, case, f"bundle {build.pk}")
        return Response(schema.BundleDetail(build).data)


VOLUME = OpenApiParameter("number", OpenApiTypes.INT, OpenApiParameter.PATH, description="The volume, from 1.")


class BundleVolumeFile(CaseScoped):
    renderer_classes = [JSONRenderer, FileRenderer]

    @extend_schema(parameters=[CASE_ID, BUILD_ID, VOLUME], responses={200: FILE, **problems(404)},
                   summary="Download one volume of a built bundle (PDF)")
    def get(self, request: Request, case_id: str, build_id: int, number: int) -> HttpResponseBase:
        from article3.bundles.views import volume_stream

        return volume_stream(request._request, self.case(request, case_id), build_id, number)
