from django.apps import AppConfig


class ClusterConfig(AppConfig):
    """What every host of an installation shares through the database: the nightly schedule."""

    name = "article3.cluster"
    label = "cluster"
    default_auto_field = "django.db.models.BigAutoField"
