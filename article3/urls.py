from django.urls import URLPattern, URLResolver, include, path

from article3.accounts.translations import review_urls
from article3.interpreters import urls as interpreter_urls
from article3.lazyviews import lazy_views

accounts_views = lazy_views("article3.accounts.views")
account_views = lazy_views("article3.accounts.account_views")
admin_views = lazy_views("article3.accounts.admin_views")
audit_views = lazy_views("article3.audit.views")
intake = lazy_views("article3.cases.intake")
team = lazy_views("article3.cases.team")
client_views = lazy_views("article3.cases.client")
case_views = lazy_views("article3.cases.views")
records = lazy_views("article3.cases.records")
delivery = lazy_views("article3.evidence.delivery")
interchange_views = lazy_views("article3.interchange.views")
token_views = lazy_views("article3.api.account_views")
webhook_views = lazy_views("article3.api.webhook_views")
health = lazy_views("article3.health")

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

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),  # for load balancers and supervisors
    path("readyz", health.readyz, name="readyz"),
    path("", case_views.dashboard, name="dashboard"),
    path("accounts/login/", accounts_views.login_view, name="login"),
    path("accounts/logout/", accounts_views.logout_view, name="logout"),
    path("accounts/2fa/", accounts_views.two_factor, name="two_factor"),
    path("accounts/", account_views.account, name="account"),
    path("accounts/password/", account_views.password_change, name="account_password"),
    path("accounts/recovery-codes/", account_views.recovery_codes, name="account_recovery_codes"),
    path("accounts/tokens/", token_views.tokens, name="account_tokens"),
    path("accounts/tokens/<int:token_id>/revoke/", token_views.token_revoke, name="account_token_revoke"),
    path("accounts/language/", account_views.language_choose, name="language_choose"),
    path("accounts/sessions/end/", account_views.sessions_end, name="account_sessions_end"),
    path("accounts/set-password/<str:uidb64>/<str:token>/", account_views.set_password, name="set_password"),
    path("org/users/", admin_views.users, name="org_users"),
    path("org/users/<int:user_id>/role/", admin_views.user_role, name="org_user_role"),
    path("org/users/<int:user_id>/active/", admin_views.user_active, name="org_user_active"),
    path("org/users/<int:user_id>/second-factor/reset/", admin_views.user_second_factor_reset,
         name="org_user_reset_2fa"),
    path("org/users/<int:user_id>/link/", admin_views.user_link, name="org_user_link"),
    path("org/second-factor/", admin_views.second_factor_policy, name="org_second_factor"),
    path("org/webhooks/", webhook_views.webhook_list, name="org_webhooks"),
    path("org/webhooks/<int:pk>/delete/", webhook_views.webhook_delete, name="org_webhook_delete"),
    path("org/webhooks/<int:pk>/ping/", webhook_views.webhook_ping, name="org_webhook_ping"),
    path("org/interpreters/", include(interpreter_urls.org_patterns)),
    path("org/removal-alarm/", lazy_views("article3.remedies.views").alarm_threshold,
         name="remedies_alarm_threshold"),
    path("files/<str:token>/", delivery.download_link, name="file_download"),  # the download host's
    path("audit/", audit_views.organisation_audit, name="audit_log"),
    path("audit.csv", audit_views.organisation_audit_csv, name="audit_log_csv"),
    path("api/v1/", include("article3.api.urls")),
    path("portal/", include("article3.portal.urls")),  # the client's own pages
    path("translations/", include(review_urls())),  # the instance operator reviews the catalogues
    path("help/", include("article3.selfhelp.urls")),  # self-help interview, when ARTICLE3_SELF_HELP_ORG is set
    path("cases/new/", case_views.case_create, name="case_create"),
    path("cases/import/", interchange_views.package_import, name="case_import"),
    path("cases/<uuid:case_id>/", include(case_patterns)),
    path("", include("article3.coi.urls")),  # coi/ (the library) and cases/<id>/coi/ (the case tab)
    path("", include("article3.deadlines.urls")),  # deadlines/ (calendar, feeds) and cases/<id>/deadlines/
]
