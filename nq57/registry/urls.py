"""Registry pages: /registry/… (the databases, their quality, data sharing, readiness)."""

from django.urls import path

from .views import quality

app_name = "registry"

urlpatterns: list = [
    path("quality/", quality.ranking_page, name="quality_ranking"),
    path("quality/export.xlsx", quality.export_xlsx, name="quality_export"),
    path("quality/entry/", quality.entry_page, name="quality_entry"),
    path("quality/verify/", quality.queue_page, name="quality_queue"),
    path("quality/results/<int:pk>/verify/", quality.verify, name="quality_verify"),
    path("quality/results/<int:pk>/adjust/", quality.adjust, name="quality_adjust"),
    path("databases/<str:code>/quality/", quality.database_page, name="database_quality"),
]
