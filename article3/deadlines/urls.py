from django.urls import path

from article3.lazyviews import lazy_views

views = lazy_views("article3.deadlines.views")

urlpatterns = [
    path("deadlines/calendar/", views.calendar_month, name="deadlines_calendar"),
    path("deadlines/feeds/", views.feeds, name="deadlines_feeds"),
    path("deadlines/ics/<slug:token>.ics", views.ics_feed, name="deadlines_ics"),
    path("cases/<uuid:case_id>/deadlines/", views.case_deadlines, name="deadlines_case"),
    path("cases/<uuid:case_id>/deadlines/decisions/add/", views.decision_add, name="deadlines_decision_add"),
    path("cases/<uuid:case_id>/deadlines/compute/", views.deadlines_compute, name="deadlines_compute"),
    path("cases/<uuid:case_id>/deadlines/add/", views.deadline_add, name="deadlines_add"),
    path("cases/<uuid:case_id>/deadlines/<int:pk>/done/", views.deadline_done, name="deadlines_done"),
    path("cases/<uuid:case_id>/deadlines/<int:pk>/undo/", views.deadline_undo, name="deadlines_undo"),
    path("cases/<uuid:case_id>/deadlines/<int:pk>/edit/", views.deadline_edit, name="deadlines_edit"),
    path("cases/<uuid:case_id>/deadlines/<int:pk>/delete/", views.deadline_delete, name="deadlines_delete"),
    path("cases/<uuid:case_id>/deadlines/decisions/<slug:key>/edit/", views.decision_edit,
         name="deadlines_decision_edit"),
    path("cases/<uuid:case_id>/deadlines/decisions/<slug:key>/delete/", views.decision_delete,
         name="deadlines_decision_delete"),
    path("cases/<uuid:case_id>/deadlines/interim/add/", views.interim_add, name="deadlines_interim_add"),
    path("cases/<uuid:case_id>/deadlines/interim/<int:pk>/edit/", views.interim_edit, name="deadlines_interim_edit"),
    path("cases/<uuid:case_id>/deadlines/interim/<int:pk>/delete/", views.interim_delete,
         name="deadlines_interim_delete"),
    path("cases/<uuid:case_id>/deadlines/interim/<int:pk>/", views.interim_update, name="deadlines_interim_update"),
]
