from django.apps import AppConfig


class PointsConfig(AppConfig):
    name = "redrider.points"
    label = "points"
