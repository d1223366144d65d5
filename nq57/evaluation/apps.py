from django.apps import AppConfig


class EvaluationConfig(AppConfig):
    name = "nq57.evaluation"
    label = "evaluation"
    verbose_name = "Annual evaluation"

    def ready(self) -> None:
        from . import events  # noqa: F401
