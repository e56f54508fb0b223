from typing import Any

from django.http import HttpRequest, HttpResponseBase
from django.urls import path
from django.utils import translation

from article3 import lazyviews


class LazyAPIView(lazyviews.LazyAPIView):
    """The API answers in English whatever language the caller's browser or account asks for: it is a
    machine interface, whose messages programs and their logs read."""

    def __call__(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        with translation.override("en"):
            response = super().__call__(request, *args, **kwargs)
            render = getattr(response, "render", None)
            if callable(render):
                render()  # while still in English: lazy labels become text here, not after
        response.headers["Content-Language"] = "en"
        return response


def api(name: str, **initkwargs: object) -> LazyAPIView:
    return LazyAPIView("article3.api.views", name, **initkwargs)


def record(name: str) -> LazyAPIView:
    return LazyAPIView("article3.api.records", name)


def generated(name: str) -> LazyAPIView:
    return LazyAPIView("article3.api.generated", name)


urlpatterns = [
    path("schema/", LazyAPIView("drf_spectacular.views", "SpectacularAPIView"), name="api_schema"),
    path("docs/", LazyAPIView("drf_spectacular.views", "SpectacularSwaggerSplitView", url_name="api_schema",
                                 template_name="api/swagger_ui.html"),  # no inline style: the CSP forbids it
         name="api_docs"),
    path("organisations/", api("OrganisationList"), name="api_organisations"),
    path("organisations/<slug:slug>/", api("OrganisationDetail"), name="api_organisation"),
    path("audit/", api("OrganisationAudit"), name="api_audit"),
    path("coi/search/", LazyAPIView("article3.api.coi", "CoiSearch"), name="api_coi_search"),
    path("cases/", api("CaseList"), name="api_cases"),
    path("case-packages/", LazyAPIView("article3.api.packages", "PackageImport"), name="api_package_import"),
    path("cases/<uuid:case_id>/", api("CaseDetail"), name="api_case"),
    path("cases/<uuid:case_id>/record/", api("CaseRecord"), name="api_case_record"),
    path("cases/<uuid:case_id>/people/", api("PersonList"), name="api_people"),
    path("cases/<uuid:case_id>/people/<slug:key>/", api("PersonDetail"), name="api_person"),
    path("cases/<uuid:case_id>/documents/", api("DocumentList"), name="api_documents"),
    path("cases/<uuid:case_id>/documents/<slug:key>/", record("DocumentDetail"), name="api_document"),
    path("cases/<uuid:case_id>/translations/", record("TranslationList"), name="api_translations"),
    path("cases/<uuid:case_id>/documents/<slug:key>/original/", api("DocumentFile"), name="api_document_original"),
    path("cases/<uuid:case_id>/documents/<slug:key>/pdf/", api("DocumentPdf"), name="api_document_pdf"),
    path("cases/<uuid:case_id>/events/", record("EventList"), name="api_events"),
    path("cases/<uuid:case_id>/events/<slug:key>/", record("EventDetail"), name="api_event"),
    path("cases/<uuid:case_id>/events/<slug:parent>/accounts/", record("AccountList"), name="api_accounts"),
    path("cases/<uuid:case_id>/events/<slug:parent>/accounts/<int:key>/", record("AccountDetail"),
         name="api_account"),
    path("cases/<uuid:case_id>/domestic-remedies/", record("RemedyList"), name="api_remedies"),
    path("cases/<uuid:case_id>/domestic-remedies/<slug:key>/", record("RemedyDetail"), name="api_remedy"),
    path("cases/<uuid:case_id>/facts/", record("FactList"), name="api_facts"),
    path("cases/<uuid:case_id>/facts/<slug:key>/", record("FactDetail"), name="api_fact"),
    path("cases/<uuid:case_id>/facts/<slug:parent>/support/", record("SupportList"), name="api_support"),
    path("cases/<uuid:case_id>/facts/<slug:parent>/support/<int:key>/", record("SupportDetail"),
         name="api_support_item"),
    path("cases/<uuid:case_id>/deadlines/", record("DeadlineList"), name="api_deadlines"),
    path("cases/<uuid:case_id>/deadlines/<int:key>/", record("DeadlineDetail"), name="api_deadline"),
    path("cases/<uuid:case_id>/deadlines/<int:key>/done/", record("DeadlineDone"), name="api_deadline_done"),
    path("cases/<uuid:case_id>/deadlines/compute/", record("DeadlineCompute"), name="api_deadlines_compute"),
    path("cases/<uuid:case_id>/decisions/", record("DecisionList"), name="api_decisions"),
    path("cases/<uuid:case_id>/decisions/<slug:key>/", record("DecisionDetail"), name="api_decision"),
    path("cases/<uuid:case_id>/interim-requests/", record("InterimList"), name="api_interim_requests"),
    path("cases/<uuid:case_id>/interim-requests/<int:key>/", record("InterimDetail"), name="api_interim_request"),
    path("cases/<uuid:case_id>/coi-citations/", LazyAPIView("article3.api.coi", "CitationList"),
         name="api_coi_citations"),
    path("cases/<uuid:case_id>/coi-citations/<slug:key>/", LazyAPIView("article3.api.coi", "CitationDetail"),
         name="api_coi_citation"),
    path("cases/<uuid:case_id>/medical-findings/", api("CaseFindings"), name="api_medical_findings"),
    path("cases/<uuid:case_id>/documents/<slug:parent>/findings/", record("FindingList"), name="api_findings"),
    path("cases/<uuid:case_id>/documents/<slug:parent>/findings/<int:key>/", record("FindingDetail"),
         name="api_finding"),
    path("cases/<uuid:case_id>/gaps/", api("GapReport"), name="api_gaps"),
    path("cases/<uuid:case_id>/conflicts/", api("ConflictList"), name="api_conflicts"),
    path("cases/<uuid:case_id>/bundles/", api("BundleList"), name="api_bundles"),
    path("cases/<uuid:case_id>/bundles/<int:build_id>/", api("BundleDetail"), name="api_bundle"),
    path("cases/<uuid:case_id>/bundles/<int:build_id>/volumes/<int:number>/", api("BundleVolumeFile"),
         name="api_bundle_volume"),
    path("cases/<uuid:case_id>/generated-documents/", generated("GeneratedList"), name="api_generated_documents"),
    path("cases/<uuid:case_id>/generated-documents/<int:pk>/", generated("GeneratedDetail"),
         name="api_generated_document"),
    path("cases/<uuid:case_id>/generated-documents/<int:pk>/<str:fmt>/", generated("GeneratedFile"),
         name="api_generated_file"),
    path("cases/<uuid:case_id>/exports/", LazyAPIView("article3.api.exports", "ExportList"), name="api_exports"),
    path("cases/<uuid:case_id>/exports/<int:pk>/", LazyAPIView("article3.api.exports", "ExportDetail"),
         name="api_export"),
    path("cases/<uuid:case_id>/exports/<int:pk>/file/", LazyAPIView("article3.api.exports", "ExportFile"),
         name="api_export_file"),
    path("cases/<uuid:case_id>/package/", LazyAPIView("article3.api.packages", "PackageExport"),
         name="api_package_export"),
    path("cases/<uuid:case_id>/audit/", api("AuditList"), name="api_case_audit"),
]
