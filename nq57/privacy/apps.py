from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "nq57.privacy"
    label = "privacy"
    verbose_name = "Personal data"

    def ready(self) -> None:
        # Registers this app's audit event types, so that any process can render them.
        from . import events  # noqa: F401
