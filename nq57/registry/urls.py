"""Registry pages: /registry/… (the databases, their quality, data sharing, readiness)."""

from django.urls import path

app_name = "registry"

urlpatterns: list = []
