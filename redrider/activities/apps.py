from django.apps import AppConfig


class ActivitiesConfig(AppConfig):
    name = "redrider.activities"
    label = "activities"
