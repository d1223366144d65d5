from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "nq57.registry"
    label = "registry"
    verbose_name = "Registry of databases"

    def ready(self) -> None:
        # Registers this app's audit event types, so that any process can render them, and the
        # kinds of notice of data sharing with the listeners that send them.
        from . import events  # noqa: F401
        from .dossiers import events as dossier_events  # noqa: F401
        from .quality import events as quality_events  # noqa: F401
        from .sharing import events as sharing_events  # noqa: F401
        from .sharing import notices as sharing_notices  # noqa: F401
