from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "nq57.registry"
    label = "registry"
    verbose_name = "Registry of databases"

    def ready(self) -> None:
        # Registers this app's audit event types, so that any process can render them.
        from . import events  # noqa: F401
