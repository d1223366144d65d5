from django.apps import AppConfig


class CommitmentsConfig(AppConfig):
    name = "nq57.commitments"
    label = "commitments"
    verbose_name = "Commitments"

    def ready(self) -> None:
        # Registers this app's audit event types, so that any process can render them.
        from . import events, notices  # noqa: F401
