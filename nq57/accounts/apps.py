from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "nq57.accounts"
    label = "accounts"
    verbose_name = "Accounts"
