from django.urls import path

from article3.deadlines import views

urlpatterns = [
    path("deadlines/calendar/", views.calendar_month, name="deadlines_calendar"),
    path("deadlines/feeds/", views.feeds, name="deadlines_feeds"),
    path("deadlines/ics/<slug:token>.ics", views.ics_feed, name="deadlines_ics"),
    path("cases/<uuid:case_id>/deadlines/", views.case_deadlines, name="deadlines_case"),
    path("cases/<uuid:case_id>/deadlines/decisions/add/", views.decision_add, name="deadlines_decision_add"),
    path("cases/<uuid:case_id>/deadlines/compute/", views.deadlines_compute, name="deadlines_compute"),
    path("cases/<uuid:case_id>/deadlines/<int:pk>/done/", views.deadline_done, name="deadlines_done"),
    path("cases/<uuid:case_id>/deadlines/interim/add/", views.interim_add, name="deadlines_interim_add"),
    path("cases/<uuid:case_id>/deadlines/interim/<int:pk>/", views.interim_update, name="deadlines_interim_update"),
]
