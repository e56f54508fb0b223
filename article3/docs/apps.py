from django.apps import AppConfig


class DocsConfig(AppConfig):
    name = "article3.docs"
    label = "gendocs"  # "docs" is too generic a label to keep free of clashes
    verbose_name = "Generated documents"
    default_auto_field = "django.db.models.BigAutoField"
