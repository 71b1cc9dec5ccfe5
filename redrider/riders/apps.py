from django.apps import AppConfig


class RidersConfig(AppConfig):
    name = "redrider.riders"
    label = "riders"
