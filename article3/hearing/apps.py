from django.apps import AppConfig


class HearingConfig(AppConfig):
    name = "article3.hearing"
    label = "hearing"
    default_auto_field = "django.db.models.BigAutoField"
