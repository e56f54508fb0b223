from django.apps import AppConfig
from django.db.models.signals import post_migrate, pre_migrate


class CasesConfig(AppConfig):
    name = "article3.cases"
    label = "cases"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from article3 import choices
        from article3.snapshots import drop_stamps, install_stamps

        choices.install()  # every model's choice labels read from a table (article3/choices.py)

        # After every migrate, every table of a case's records gets its change-stamp triggers.
        # Before it, none: SQLite rebuilds a table to alter it, and a trigger naming that table would fail.
        pre_migrate.connect(drop_stamps, sender=self, dispatch_uid="article3.snapshots.drop_stamps")
        post_migrate.connect(install_stamps, sender=self, dispatch_uid="article3.snapshots.install_stamps")
