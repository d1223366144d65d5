from django.apps import AppConfig


class BudgetConfig(AppConfig):
    name = "nq57.budget"
    label = "budget"
    verbose_name = "Budget"

    def ready(self) -> None:
        # Registers this app's audit event types, so that any process can render them.
        from . import events  # noqa: F401
