"""Registry pages: /registry/… (the databases, their quality, data sharing, readiness)."""

from django.urls import path

from .views import readiness

app_name = "registry"

urlpatterns = [
    # The readiness ranking and the rows behind its figures are public (no sign-in).
    path("readiness/", readiness.readiness_page, name="readiness"),
    path("readiness/export.xlsx", readiness.readiness_export, name="readiness_export"),
    path(
        "readiness/<str:code>/databases/",
        readiness.readiness_databases_page,
        name="readiness_databases",
    ),
]
