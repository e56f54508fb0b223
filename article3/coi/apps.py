from django.apps import AppConfig


class CoiConfig(AppConfig):
    name = "article3.coi"
    label = "coi"
    default_auto_field = "django.db.models.BigAutoField"
