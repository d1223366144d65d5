from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "nq57.api"
    label = "api"
    verbose_name = "API"
