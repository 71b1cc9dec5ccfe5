from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "redrider.accounts"
    label = "accounts"
    verbose_name = "账号"
