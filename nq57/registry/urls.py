"""Registry pages: /registry/… (the databases, their quality, data sharing, readiness)."""

from django.urls import include, path

app_name = "registry"

urlpatterns: list = []
urlpatterns += [path("sharing/", include("nq57.registry.sharing.urls"))]
