from django.urls import path

from article3.lazyviews import lazy_views

views = lazy_views("article3.remedies.views")
finding_views = lazy_views("article3.remedies.finding_views")
condition_views = lazy_views("article3.remedies.condition_views")

# Included under cases/<uuid:case_id>/emergency/.
urlpatterns = [
    path("", views.emergency, name="remedies_emergency"),
    path("removal/", views.removal_save, name="remedies_removal_save"),
    path("removal/delete/", views.removal_delete, name="remedies_removal_delete"),
    path("draft/", views.draft, name="remedies_draft"),
    path("requests/<int:pk>/", views.request_update, name="remedies_request_update"),
    path("after-grant/", condition_views.conditions, name="remedies_conditions"),
    path("after-grant/<int:pk>/", condition_views.condition_edit, name="remedies_condition_edit"),
    path("after-grant/<int:pk>/delete/", condition_views.condition_delete, name="remedies_condition_delete"),
    path("changed-conditions/", finding_views.changed, name="remedies_changed"),
    path("decision/", finding_views.findings, name="remedies_findings"),
    path("decision/<slug:key>/", finding_views.finding_edit, name="remedies_finding_edit"),
    path("decision/<slug:key>/delete/", finding_views.finding_delete, name="remedies_finding_delete"),
]
