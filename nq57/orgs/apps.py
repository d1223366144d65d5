from django.apps import AppConfig


class OrgsConfig(AppConfig):
    name = "nq57.orgs"
    label = "orgs"
    verbose_name = "Organisations"

    def ready(self) -> None:
        # Registers this app's audit event types, so that any process can render them.
        from . import events  # noqa: F401
