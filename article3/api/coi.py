"""Country information through the API: search the organisation's library, as the library page does,
and cite a passage in a case (or remove a citation), through the citation services."""

from typing import Any

from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from article3.api import schema
from article3.api.authentication import token_of
from article3.api.views import CASE_ID, CaseScoped, audit_read, body, form_errors, problems
from article3.claims.forms import element_choices
from article3.coi import forms, selectors, services

RESULTS = 20


class Passage(serializers.Serializer):
    passage_id = serializers.IntegerField()
    report = serializers.DictField(help_text="id, title, publisher, date, url, superseded")
    page = serializers.IntegerField(allow_null=True)
    paragraph = serializers.IntegerField()
    heading = serializers.CharField()
    text = serializers.CharField()
    snippet = serializers.CharField(help_text="the passage's words around the match, matched words in <mark>")
    score = serializers.FloatField()
    partial = serializers.BooleanField(help_text="only some of the query's words are in it")


SEARCH = [
    OpenApiParameter("q", OpenApiTypes.STR, required=True,
                     description='Words that must all appear; "quotes" for a phrase, OR for alternatives.'),
    OpenApiParameter("country", OpenApiTypes.STR, description="Two-letter code, e.g. CM."),
    OpenApiParameter("since", OpenApiTypes.STR, description="Published since, YYYY-MM."),
    OpenApiParameter("current", OpenApiTypes.BOOL, description="Current editions only."),
]


class CoiSearch(APIView):
    @extend_schema(parameters=SEARCH, responses={200: Passage(many=True), **problems(400)},
                   summary="Search the country information library",
                   description="The passages of your organisation's library that match, best first (20 at most).")
    def get(self, request: Request) -> Response:
        form = forms.SearchForm(request.query_params)
        if not form.is_valid():
            raise form_errors(form)
        data = form.cleaned_data
        if not data["q"].strip():
            raise exceptions.ValidationError({"detail": "Give the words to search for, in 'q'."})
        token = token_of(request)
        found = selectors.passage_search(
            user=request.user, query=data["q"], country=data["country"], since=data["since"],
            current_only=data["current"], limit=RESULTS, organisation=token.organisation if token else None,
            mode="hybrid" if data.get("meaning") else "keyword")
        return Response([result.as_json() for result in found])


CiteBody = schema.form_serializer("CitationCreate", forms.CiteForm, declared=True)


class CitationList(CaseScoped):
    @extend_schema(parameters=[CASE_ID], responses={200: schema.Row(many=True), **problems(404)},
                   summary="Country information cited")
    def get(self, request: Request, case_id: str) -> Response:
        case = self.case(request, case_id)
        audit_read(request, case, "coi_citations")
        return Response([schema.Row(row).data for row in case.coi_citations.order_by("pk")])

    @extend_schema(parameters=[CASE_ID], request=CiteBody, responses={201: schema.Row, **problems(400, 403, 404)},
                   summary="Cite a passage", description="`passage` is a `passage_id` from the search; `quote`, "
                                                        "when given, must be the passage's exact words or a part.")
    def post(self, request: Request, case_id: str) -> Response:
        case = self.case(request, case_id, write=True)
        form = forms.CiteForm(body(request), element_choices=element_choices(case))
        if not form.is_valid():
            raise form_errors(form)
        try:
            passage = selectors.passage_get_for_case(case=case, passage_id=form.cleaned_data["passage"])
        except Http404 as exc:
            raise exceptions.ValidationError({"detail": "That passage is not in the library of the case's "
                                                        "organisation: take a passage_id from the search."}) from exc
        citation = services.citation_add(actor=request.user, case=case, passage=passage,
                                         elements=form.cleaned_data["elements"], quote=form.cleaned_data["quote"],
                                         note=form.cleaned_data["note"])
        return Response(schema.Row(citation).data, status=status.HTTP_201_CREATED)


KEY = OpenApiParameter("key", OpenApiTypes.STR, OpenApiParameter.PATH, description="The citation's key, e.g. coi-1.")


class CitationDetail(CaseScoped):
    def citation(self, request: Request, case_id: str, key: str, *, write: bool = False) -> Any:
        found = self.case(request, case_id, write=write).coi_citations.filter(key=key).first()
        if found is None:
            raise Http404
        return found

    @extend_schema(parameters=[CASE_ID, KEY], responses={200: schema.Row, **problems(404)}, summary="One citation")
    def get(self, request: Request, case_id: str, key: str) -> Response:
        citation = self.citation(request, case_id, key)
        audit_read(request, citation.case, f"citation {citation.key}")
        return Response(schema.Row(citation).data)

    @extend_schema(parameters=[CASE_ID, KEY], responses={204: None, **problems(403, 404)},
                   summary="Remove a citation")
    def delete(self, request: Request, case_id: str, key: str) -> Response:
        services.citation_remove(actor=request.user, citation=self.citation(request, case_id, key, write=True))
        return Response(status=status.HTTP_204_NO_CONTENT)
