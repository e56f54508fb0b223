from django.apps import AppConfig


class InterchangeConfig(AppConfig):
    name = "article3.interchange"
    label = "interchange"
    default_auto_field = "django.db.models.BigAutoField"
