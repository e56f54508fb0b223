from django.urls import path

from article3.lazyviews import lazy_views

views = lazy_views("article3.evidence.views")

urlpatterns = [
    path("", views.evidence, name="evidence"),
    path("upload/", views.upload, name="evidence_upload"),
    path("status/", views.status, name="evidence_status"),
    path("<slug:key>/", views.document_detail, name="evidence_document"),
    path("<slug:key>/findings/add/", views.finding_add, name="evidence_finding_add"),
    path("<slug:key>/findings/<int:pk>/", views.finding_edit, name="evidence_finding_edit"),
    path("<slug:key>/findings/<int:pk>/delete/", views.finding_delete, name="evidence_finding_delete"),
    path("<slug:key>/original/", views.download_original, name="evidence_original"),
    path("<slug:key>/original/previous/<int:number>/", views.download_previous, name="evidence_previous"),
    path("<slug:key>/original/replace/", views.replace, name="evidence_replace"),
    path("<slug:key>/pdf/", views.view_pdf, name="evidence_pdf"),
    path("<slug:key>/process-again/", views.process_again, name="evidence_process_again"),
    path("<slug:key>/status/", views.document_status, name="evidence_document_status"),
    path("<slug:key>/withdraw/", views.withdraw, name="evidence_withdraw"),
    path("<slug:key>/restore/", views.restore, name="evidence_restore"),
    path("<slug:key>/bundle/", views.bundle_exclusion, name="evidence_bundle_exclusion"),
]
