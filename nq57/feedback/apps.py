from django.apps import AppConfig


class FeedbackConfig(AppConfig):
    name = "nq57.feedback"
    label = "feedback"
    verbose_name = "Feedback"

    def ready(self) -> None:
        # Registers this app's audit event types, so that any process can render them.
        from . import events  # noqa: F401
