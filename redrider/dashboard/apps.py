from django.apps import AppConfig


class DashboardConfig(AppConfig):
    name = "redrider.dashboard"
    label = "dashboard"
