from django.apps import AppConfig


class DeadlinesConfig(AppConfig):
    name = "article3.deadlines"
    label = "deadlines"
    default_auto_field = "django.db.models.BigAutoField"
