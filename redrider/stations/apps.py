from django.apps import AppConfig


class StationsConfig(AppConfig):
    name = "redrider.stations"
    label = "stations"
