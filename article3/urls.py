from django.urls import include, path

from article3 import case_urls
from article3.accounts.translations import review_urls
from article3.case_urls import audit_views, case_views, interchange_views  # shared with the case pages
from article3.interpreters import urls as interpreter_urls
from article3.lazyviews import lazy_views

accounts_views = lazy_views("article3.accounts.views")
account_views = lazy_views("article3.accounts.account_views")
admin_views = lazy_views("article3.accounts.admin_views")
delivery = lazy_views("article3.evidence.delivery")
token_views = lazy_views("article3.api.account_views")
webhook_views = lazy_views("article3.api.webhook_views")
health = lazy_views("article3.health")

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
    *case_urls.urlpatterns,  # cases/<id>/...: the pages of one case
    path("", include("article3.coi.urls")),  # coi/ (the library) and cases/<id>/coi/ (the case tab)
    path("", include("article3.deadlines.urls")),  # deadlines/ (calendar, feeds) and cases/<id>/deadlines/
]
