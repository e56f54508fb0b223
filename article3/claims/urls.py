from django.urls import path

from article3.lazyviews import lazy_views

views = lazy_views("article3.claims.views")

# Included under cases/<uuid:case_id>/.
urlpatterns = [
    path("elements/", views.elements, name="case_elements"),
    path("elements/facts/add/", views.fact_add, name="case_fact_add"),
    path("elements/facts/<str:key>/", views.fact_detail, name="case_fact"),
    path("elements/facts/<str:key>/edit/", views.fact_edit, name="case_fact_edit"),
    path("elements/facts/<str:key>/delete/", views.fact_delete, name="case_fact_delete"),
    path("elements/facts/<str:key>/support/add/", views.support_add, name="case_support_add"),
    path("elements/facts/<str:key>/support/<int:support_id>/edit/", views.support_edit, name="case_support_edit"),
    path("elements/facts/<str:key>/support/<int:support_id>/delete/", views.support_delete,
         name="case_support_delete"),
    path("elements/<slug:code>/", views.element, name="case_element"),
    path("gaps/", views.gaps, name="case_gaps"),
    path("gaps/report.pdf", views.gaps_pdf, name="case_gaps_pdf"),
    path("gaps/questions/", views.questions, name="case_questions"),
]
