from django.apps import AppConfig


class HonoursConfig(AppConfig):
    name = "redrider.honours"
    label = "honours"
    verbose_name = "百位典型"
