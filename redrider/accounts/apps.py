from django.apps import AppConfig

from redrider.core.discovery import app_modules


class AccountsConfig(AppConfig):
    name = "redrider.accounts"
    label = "accounts"
    verbose_name = "账号"

    def ready(self) -> None:
        # Each app declares its actions in its own policy.py (like admin.py for the admin).
        app_modules("policy")
