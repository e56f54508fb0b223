from django.urls import path

from article3.lazyviews import lazy_views

views = lazy_views("article3.hearing.views")

# Included under cases/<uuid:case_id>/hearing/.
urlpatterns = [
    path("", views.hearing, name="case_hearing"),
    path("answers/", views.answer_add, name="case_hearing_answer_add"),
    path("answers/<int:pk>/", views.answer_edit, name="case_hearing_answer_edit"),
    path("answers/<int:pk>/approve/", views.answer_approve, name="case_hearing_answer_approve"),
    path("answers/<int:pk>/delete/", views.answer_delete, name="case_hearing_answer_delete"),
    path("outline/", views.outline_page, name="case_hearing_outline"),
    path("outline/start/", views.outline_start, name="case_hearing_outline_start"),
    path("outline/add/", views.outline_add, name="case_hearing_outline_add"),
    path("outline/<int:pk>/", views.outline_edit, name="case_hearing_outline_edit"),
    path("outline/<int:pk>/move/", views.outline_move, name="case_hearing_outline_move"),
    path("outline/<int:pk>/delete/", views.outline_delete, name="case_hearing_outline_delete"),
    path("notes/", views.notes_page, name="case_hearing_notes"),
    path("notes/add/", views.note_add, name="case_hearing_note_add"),
    path("notes/<int:pk>/", views.note_edit, name="case_hearing_note_edit"),
    path("notes/<int:pk>/delete/", views.note_delete, name="case_hearing_note_delete"),
    path("decision/", views.oral_decision, name="case_hearing_decision"),
    path("care/", views.care_page, name="case_hearing_care"),
    path("care/save/", views.care_save, name="case_hearing_care_save"),
    path("care/delete/", views.care_delete, name="case_hearing_care_delete"),
    path("logistics/", views.logistics_page, name="case_hearing_logistics"),
    path("logistics/tick/", views.logistics_tick, name="case_hearing_logistics_tick"),
    path("witnesses/", views.witnesses_page, name="case_hearing_witnesses"),
    path("witnesses/add/", views.witness_add, name="case_hearing_witness_add"),
    path("witnesses/<int:pk>/", views.witness_edit, name="case_hearing_witness_edit"),
    path("witnesses/<int:pk>/remove/", views.witness_remove, name="case_hearing_witness_remove"),
]
