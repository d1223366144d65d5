from django.apps import AppConfig


class OrgsConfig(AppConfig):
    name = "nq57.orgs"
    label = "orgs"
    verbose_name = "Organisations"
