from django.urls import path

from article3.lazyviews import lazy_views

assistant_views = lazy_views("article3.chronology.assistant_views")
views = lazy_views("article3.chronology.views")

urlpatterns = [
    path("", views.chronology, name="case_chronology"),
    path("export.pdf", views.export_pdf, name="case_chronology_pdf"),
    path("export.docx", views.export_docx, name="case_chronology_docx"),
    path("events/add/", views.event_add, name="case_event_add"),
    path("events/<str:key>/", views.event_detail, name="case_event"),
    path("events/<str:key>/edit/", views.event_edit, name="case_event_edit"),
    path("events/<str:key>/delete/", views.event_delete, name="case_event_delete"),
    path("events/<str:key>/accounts/add/", views.account_add, name="case_account_add"),
    path("events/<str:key>/accounts/<int:account_id>/edit/", views.account_edit, name="case_account_edit"),
    path("events/<str:key>/accounts/<int:account_id>/delete/", views.account_delete, name="case_account_delete"),
    path("conflicts/<slug:conflict_id>/answer/", views.conflict_answer, name="case_conflict_answer"),
    path("conflicts/<slug:conflict_id>/reopen/", views.conflict_reopen, name="case_conflict_reopen"),
    path("extract/", assistant_views.extract, name="case_chronology_extract"),
    path("extract/<slug:doc_key>/", assistant_views.extract_document, name="case_chronology_extract_document"),
    path("extract/<slug:doc_key>/status/", assistant_views.extract_status, name="case_chronology_extract_status"),
    path("extract/<slug:doc_key>/read/", assistant_views.extract_again, name="case_chronology_extract_read"),
    path("extract/<slug:doc_key>/decide/", assistant_views.statement_decide, name="case_chronology_statement"),
]
