from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "redrider.web"
    label = "web"
