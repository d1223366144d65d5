from django.apps import AppConfig


class FeedbackConfig(AppConfig):
    name = "nq57.feedback"
    label = "feedback"
    verbose_name = "Feedback"

    def ready(self) -> None:
        # Registers this app's audit event types, so that any process can render them, and
        # the retention rules of the portal's items and citizens' accounts.
        from . import events, retention  # noqa: F401
