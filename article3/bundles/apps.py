from django.apps import AppConfig


class BundlesConfig(AppConfig):
    name = "article3.bundles"
    label = "bundles"
    default_auto_field = "django.db.models.BigAutoField"
