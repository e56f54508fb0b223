from django.apps import AppConfig


class InterpretersConfig(AppConfig):
    name = "article3.interpreters"
    label = "interpreters"
    default_auto_field = "django.db.models.BigAutoField"
