from django.urls import path

from article3.lazyviews import LazyAPIView


def api(name: str, **initkwargs: object) -> LazyAPIView:
    return LazyAPIView("article3.api.views", name, **initkwargs)


def record(name: str) -> LazyAPIView:
    return LazyAPIView("article3.api.records", name)


urlpatterns = [
    path("schema/", LazyAPIView("drf_spectacular.views", "SpectacularAPIView"), name="api_schema"),
    path("docs/", LazyAPIView("drf_spectacular.views", "SpectacularSwaggerSplitView", url_name="api_schema",
                                 template_name="api/swagger_ui.html"),  # no inline style: the CSP forbids it
         name="api_docs"),
    path("organisations/", api("OrganisationList"), name="api_organisations"),
    path("organisations/<slug:slug>/", api("OrganisationDetail"), name="api_organisation"),
    path("audit/", api("OrganisationAudit"), name="api_audit"),
    path("cases/", api("CaseList"), name="api_cases"),
    path("case-packages/", LazyAPIView("article3.api.packages", "PackageImport"), name="api_package_import"),
    path("cases/<uuid:case_id>/", api("CaseDetail"), name="api_case"),
    path("cases/<uuid:case_id>/record/", api("CaseRecord"), name="api_case_record"),
    path("cases/<uuid:case_id>/people/", api("PersonList"), name="api_people"),
    path("cases/<uuid:case_id>/people/<slug:key>/", api("PersonDetail"), name="api_person"),
    path("cases/<uuid:case_id>/documents/", api("DocumentList"), name="api_documents"),
    path("cases/<uuid:case_id>/documents/<slug:key>/", api("DocumentDetail"), name="api_document"),
    path("cases/<uuid:case_id>/documents/<slug:key>/original/", api("DocumentFile"), name="api_document_original"),
    path("cases/<uuid:case_id>/documents/<slug:key>/pdf/", api("DocumentPdf"), name="api_document_pdf"),
    path("cases/<uuid:case_id>/events/", record("EventList"), name="api_events"),
    path("cases/<uuid:case_id>/events/<slug:key>/", record("EventDetail"), name="api_event"),
    path("cases/<uuid:case_id>/domestic-remedies/", api("RemedyList"), name="api_remedies"),
    path("cases/<uuid:case_id>/facts/", record("FactList"), name="api_facts"),
    path("cases/<uuid:case_id>/facts/<slug:key>/", record("FactDetail"), name="api_fact"),
    path("cases/<uuid:case_id>/deadlines/", api("DeadlineList"), name="api_deadlines"),
    path("cases/<uuid:case_id>/decisions/", api("DecisionList"), name="api_decisions"),
    path("cases/<uuid:case_id>/interim-requests/", api("InterimList"), name="api_interim_requests"),
    path("cases/<uuid:case_id>/coi-citations/", api("CitationList"), name="api_coi_citations"),
    path("cases/<uuid:case_id>/medical-findings/", api("FindingList"), name="api_medical_findings"),
    path("cases/<uuid:case_id>/gaps/", api("GapReport"), name="api_gaps"),
    path("cases/<uuid:case_id>/conflicts/", api("ConflictList"), name="api_conflicts"),
    path("cases/<uuid:case_id>/bundles/", api("BundleList"), name="api_bundles"),
    path("cases/<uuid:case_id>/bundles/<int:build_id>/", api("BundleDetail"), name="api_bundle"),
    path("cases/<uuid:case_id>/bundles/<int:build_id>/volumes/<int:number>/", api("BundleVolumeFile"),
         name="api_bundle_volume"),
    path("cases/<uuid:case_id>/package/", LazyAPIView("article3.api.packages", "PackageExport"),
         name="api_package_export"),
    path("cases/<uuid:case_id>/audit/", api("AuditList"), name="api_case_audit"),
]
