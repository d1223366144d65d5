from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "nq57.accounts"
    label = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        # Registers this app's audit event types, so that any process can render them.
        from . import events  # noqa: F401
