from django.urls import path

from article3.evidence import views

urlpatterns = [
    path("", views.evidence, name="evidence"),
    path("upload/", views.upload, name="evidence_upload"),
    path("status/", views.status, name="evidence_status"),
    path("<slug:key>/", views.document_detail, name="evidence_document"),
    path("<slug:key>/findings/add/", views.finding_add, name="evidence_finding_add"),
    path("<slug:key>/original/", views.download_original, name="evidence_original"),
    path("<slug:key>/original/previous/<int:number>/", views.download_previous, name="evidence_previous"),
    path("<slug:key>/original/replace/", views.replace, name="evidence_replace"),
    path("<slug:key>/pdf/", views.view_pdf, name="evidence_pdf"),
]
