from django.apps import AppConfig


class RemediesConfig(AppConfig):
    name = "article3.remedies"
    label = "remedies"
    verbose_name = "Emergency removal and remedies"
    default_auto_field = "django.db.models.BigAutoField"
