from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class AccountsConfig(AppConfig):
    name = "redrider.accounts"
    label = "accounts"
    verbose_name = "账号"

    def ready(self) -> None:
        # Each app declares its actions in its own policy.py (like admin.py for the admin).
        autodiscover_modules("policy")
