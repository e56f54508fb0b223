"""The pages of one case, under `cases/<id>/`; `article3/urls.py` includes them with the rest of the site.

Reversing a case page's address against this configuration alone (`urlconf="article3.case_urls"`), as
the command line does, builds these routes only: the whole site's include the translation review,
whose pages import their views and all they need.
"""

from django.urls import URLPattern, URLResolver, include, path

from article3.lazyviews import lazy_views

audit_views = lazy_views("article3.audit.views")
intake = lazy_views("article3.cases.intake")
team = lazy_views("article3.cases.team")
client_views = lazy_views("article3.cases.client")
case_views = lazy_views("article3.cases.views")
records = lazy_views("article3.cases.records")
interchange_views = lazy_views("article3.interchange.views")

case_patterns: list[URLPattern | URLResolver] = [
    path("", case_views.case_detail, name="case_detail"),
    path("edit/", case_views.case_edit, name="case_edit"),
    path("people/", case_views.people, name="case_people"),
    path("people/add/", case_views.person_add, name="case_person_add"),
    path("people/<slug:key>/edit/", records.person_edit, name="case_person_edit"),
    path("people/<slug:key>/delete/", records.person_delete, name="case_person_delete"),
    path("agents/add/", case_views.agent_add, name="case_agent_add"),
    path("agents/<slug:key>/edit/", records.agent_edit, name="case_agent_edit"),
    path("agents/<slug:key>/delete/", records.agent_delete, name="case_agent_delete"),
    path("remedies/<slug:key>/edit/", records.remedy_edit, name="case_remedy_edit"),
    path("remedies/<slug:key>/delete/", records.remedy_delete, name="case_remedy_delete"),
    path("intake/", intake.intake, name="case_intake"),
    path("intake/applicant/", intake.intake_applicant, name="case_intake_applicant"),
    path("intake/profile/", intake.intake_profile, name="case_intake_profile"),
    path("intake/events/<slug:section>/", intake.intake_event, name="case_intake_event"),
    path("intake/remedies/", intake.intake_remedy, name="case_intake_remedy"),
    path("safety/", case_views.safety_plan, name="case_safety_plan"),
    path("safety/print/", case_views.safety_plan_print, name="case_safety_plan_print"),
    path("client/", client_views.client, name="case_client"),
    path("client/invite/", client_views.client_invite, name="case_client_invite"),
    path("client/access/<int:access_id>/end/", client_views.client_access_end, name="case_client_access_end"),
    path("client/answers/<int:pk>/review/", client_views.answer_review, name="case_client_answer_review"),
    path("client/answers/<int:pk>/voice/", client_views.answer_voice, name="case_client_answer_voice"),
    path("client/messages/", client_views.client_message, name="case_client_message"),
    path("team/", team.team, name="case_team"),
    path("team/add/", team.team_add, name="case_team_add"),
    path("team/<int:seat_id>/role/", team.team_role, name="case_team_role"),
    path("team/<int:seat_id>/remove/", team.team_remove, name="case_team_remove"),
    path("team/<int:seat_id>/downloads/", team.team_downloads, name="case_team_downloads"),
    path("team/<int:seat_id>/share/", team.team_share, name="case_team_share"),
    path("audit/", audit_views.case_audit, name="case_audit"),
    path("audit.csv", audit_views.case_audit_csv, name="case_audit_csv"),
    path("package/", interchange_views.package, name="case_package"),
    path("package/download/", interchange_views.package_download, name="case_package_download"),
    path("chronology/", include("article3.chronology.urls")),
    path("evidence/", include("article3.evidence.urls")),
    path("bundles/", include("article3.bundles.urls")),
    path("documents/", include("article3.docs.urls")),
    path("hearing/interpreters/", include("article3.interpreters.urls")),
    path("hearing/", include("article3.hearing.urls")),
    path("emergency/", include("article3.remedies.urls")),
    path("", include("article3.exports.urls")),  # exports/<id>/: a file made on the worker, then downloaded
    path("", include("article3.claims.urls")),  # elements/ (facts, the matrix) and gaps/ (the gap report)
]


urlpatterns: list[URLPattern | URLResolver] = [path("cases/<uuid:case_id>/", include(case_patterns))]
