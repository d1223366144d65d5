"""Registry pages: /registry/… (the databases, their quality, data sharing, readiness)."""

from django.urls import path

from .views import databases

app_name = "registry"

urlpatterns: list = [
    path("", databases.registry_page, name="home"),
    path("databases/", databases.database_list_page, name="databases"),
    path("databases/export/", databases.database_export, name="export"),
    path("databases/<str:code>/", databases.database_detail, name="database"),
]
