from django.apps import AppConfig


class WorkplanConfig(AppConfig):
    name = "redrider.workplan"
    label = "workplan"
    verbose_name = "十项举措"
