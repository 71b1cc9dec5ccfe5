from django.apps import AppConfig

from .discovery import app_modules


class CoreConfig(AppConfig):
    name = "redrider.core"
    label = "core"
    verbose_name = "核心"

    def ready(self) -> None:
        # Each app's listeners.py registers its domain-event listeners (core/events.py).
        app_modules("listeners")
        # Blind-index look-ups match the old keys' indexes too while keys rotate (core.pii).
        from django.db import models

        from .pii import BlindIndexExact

        models.CharField.register_lookup(BlindIndexExact)
