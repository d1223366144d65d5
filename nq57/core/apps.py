from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "nq57.core"
    label = "core"
    verbose_name = "Core"

    def ready(self) -> None:
        # Registers the retention run's audit event and the rule of core's own data.
        from . import retention  # noqa: F401
