from django.urls import path

from article3.lazyviews import lazy_views

views = lazy_views("article3.coi.views")

urlpatterns = [
    path("coi/", views.library, name="coi_library"),
    path("coi/import/", views.report_import, name="coi_import"),
    path("coi/import/<int:job_id>/", views.report_import_progress, name="coi_import_progress"),
    path("coi/import/<int:job_id>/status/", views.report_import_status, name="coi_import_status"),
    path("coi/reports/<int:report_id>/original/", views.report_file, {"copy": "original"},
         name="coi_report_original"),
    path("coi/reports/<int:report_id>/pdf/", views.report_file, {"copy": "pdf"}, name="coi_report_pdf"),
    path("coi/sources/", views.sources, name="coi_sources"),
    path("cases/<uuid:case_id>/coi/", views.case_coi, name="case_coi"),
    path("cases/<uuid:case_id>/coi/cite/", views.case_coi_cite, name="case_coi_cite"),
    path("cases/<uuid:case_id>/coi/citations/remove/", views.case_coi_citation_remove,
         name="case_coi_citation_remove"),
    path("cases/<uuid:case_id>/coi/alerts/dismiss/", views.case_coi_alert_dismiss, name="case_coi_alert_dismiss"),
]
