from django.urls import URLPattern, URLResolver, include, path

from article3.accounts import views as accounts_views
from article3.cases import intake
from article3.cases import views as case_views
from article3.evidence import delivery

case_patterns: list[URLPattern | URLResolver] = [
    path("", case_views.case_detail, name="case_detail"),
    path("edit/", case_views.case_edit, name="case_edit"),
    path("people/", case_views.people, name="case_people"),
    path("people/add/", case_views.person_add, name="case_person_add"),
    path("people/<slug:key>/delete/", case_views.person_delete, name="case_person_delete"),
    path("agents/add/", case_views.agent_add, name="case_agent_add"),
    path("intake/", intake.intake, name="case_intake"),
    path("intake/applicant/", intake.intake_applicant, name="case_intake_applicant"),
    path("intake/profile/", intake.intake_profile, name="case_intake_profile"),
    path("intake/events/<slug:section>/", intake.intake_event, name="case_intake_event"),
    path("intake/remedies/", intake.intake_remedy, name="case_intake_remedy"),
    path("safety/", case_views.safety_plan, name="case_safety_plan"),
    path("safety/print/", case_views.safety_plan_print, name="case_safety_plan_print"),
    path("chronology/", include("article3.chronology.urls")),
    path("evidence/", include("article3.evidence.urls")),
    path("bundles/", include("article3.bundles.urls")),
    path("documents/", include("article3.docs.urls")),
    path("", include("article3.claims.urls")),  # elements/ (facts, the matrix) and gaps/ (the gap report)
]

urlpatterns = [
    path("", case_views.dashboard, name="dashboard"),
    path("accounts/login/", accounts_views.login_view, name="login"),
    path("accounts/logout/", accounts_views.logout_view, name="logout"),
    path("accounts/2fa/", accounts_views.two_factor, name="two_factor"),
    path("files/<str:token>/", delivery.download_link, name="file_download"),  # the download host's
    path("cases/new/", case_views.case_create, name="case_create"),
    path("cases/<uuid:case_id>/", include(case_patterns)),
    path("", include("article3.coi.urls")),  # coi/ (the library) and cases/<id>/coi/ (the case tab)
    path("", include("article3.deadlines.urls")),  # deadlines/ (calendar, feeds) and cases/<id>/deadlines/
]
