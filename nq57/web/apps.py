from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "nq57.web"
    label = "web"
    verbose_name = "Web pages"
