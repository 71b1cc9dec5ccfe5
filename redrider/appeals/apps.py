from django.apps import AppConfig


class AppealsConfig(AppConfig):
    name = "redrider.appeals"
    label = "appeals"
