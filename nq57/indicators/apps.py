from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    name = "nq57.indicators"
    label = "indicators"
    verbose_name = "Indicators"

    def ready(self) -> None:
        # Registers this app's audit event types, so that any process can render them.
        # Registers the kinds of notice and the listeners that send them.
        from . import (
            events,  # noqa: F401
            notices,  # noqa: F401
        )
