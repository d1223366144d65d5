from django.apps import AppConfig


class TasksConfig(AppConfig):
    name = "nq57.tasks"
    label = "tasks"
    verbose_name = "Tasks"
