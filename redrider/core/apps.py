from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "redrider.core"
    label = "core"
    verbose_name = "核心"
