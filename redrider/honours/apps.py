from django.apps import AppConfig


class HonoursConfig(AppConfig):
    name = "redrider.honours"
    label = "honours"
    verbose_name = "百位典型"

    def ready(self) -> None:
        from redrider.riders.profile import register_profile_section

        from .views.profile import profile_section

        # The rider's profile (riders app, lower in the layers) shows titles and roles.
        register_profile_section(profile_section)
