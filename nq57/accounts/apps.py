from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "nq57.accounts"
    label = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        # Registers this app's audit event types, so that any process can render them.
        from django.contrib.auth.signals import user_logged_in

        from . import events  # noqa: F401
        from .second_factor import remember_enrolment

        # Session bookkeeping, not workflow: what the second factor's check reads per page.
        user_logged_in.connect(remember_enrolment, dispatch_uid="nq57_second_factor")
