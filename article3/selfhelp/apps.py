from django.apps import AppConfig


class SelfHelpConfig(AppConfig):
    name = "article3.selfhelp"
    label = "selfhelp"
    default_auto_field = "django.db.models.BigAutoField"
