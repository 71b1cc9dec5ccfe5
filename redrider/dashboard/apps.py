from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _after_migrate(sender, using="default", **kwargs):
    """Watch every table an indicator counts (triggers.py), and build the rollups the first
    time (an existing database's rows are counted once; from then on writes are marked)."""
    from . import rollups, triggers

    if triggers.install(using) and using == "default" and not rollups.is_built():
        rollups.rebuild()


class DashboardConfig(AppConfig):
    name = "redrider.dashboard"
    label = "dashboard"

    def ready(self) -> None:
        post_migrate.connect(_after_migrate, sender=self, dispatch_uid="dashboard-rollups")
