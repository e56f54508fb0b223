from django.urls import URLPattern, path

from article3.lazyviews import lazy_views

views = lazy_views("article3.interpreters.views")

# Included under org/interpreters/.
org_patterns: list[URLPattern] = [
    path("", views.interpreter_list, name="org_interpreters"),
    path("<int:pk>/edit/", views.interpreter_edit, name="org_interpreter_edit"),
    path("<int:pk>/delete/", views.interpreter_delete, name="org_interpreter_delete"),
]

# Included under cases/<uuid:case_id>/hearing/interpreters/.
urlpatterns: list[URLPattern] = [
    path("", views.bookings, name="case_hearing_interpreters"),
    path("add/", views.booking_add, name="case_hearing_interpreter_add"),
    path("<int:pk>/edit/", views.booking_edit, name="case_hearing_interpreter_edit"),
    path("<int:pk>/delete/", views.booking_delete, name="case_hearing_interpreter_delete"),
]
