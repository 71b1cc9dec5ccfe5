from django.apps import AppConfig


class PlanningConfig(AppConfig):
    name = "redrider.planning"
    label = "planning"
