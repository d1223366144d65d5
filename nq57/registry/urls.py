"""Registry pages: /registry/… (the databases, their investment dossiers, their quality, data
sharing, readiness)."""

from django.urls import include, path

from .views import databases, dossiers, quality, readiness

app_name = "registry"

urlpatterns = [
    path("", databases.registry_page, name="home"),
    path("databases/", databases.database_list_page, name="databases"),
    path("databases/export/", databases.database_export, name="export"),
    path("databases/<str:code>/", databases.database_detail, name="database"),
    path(
        "databases/<str:code>/dossiers/new/",
        dossiers.dossier_register_page,
        name="dossier_register",
    ),
    path("dossiers/", dossiers.dossier_list_page, name="dossiers"),
    path("dossiers/export.xlsx", dossiers.dossier_export, name="dossiers_export"),
    path("dossiers/<int:pk>/", dossiers.dossier_page, name="dossier"),
    path("dossiers/<int:pk>/appraise/", dossiers.dossier_appraise, name="dossier_appraise"),
    path("dossiers/<int:pk>/resubmit/", dossiers.dossier_resubmit, name="dossier_resubmit"),
    # The readiness ranking and the rows behind its figures are public (no sign-in).
    path("readiness/", readiness.readiness_page, name="readiness"),
    path("readiness/export.xlsx", readiness.readiness_export, name="readiness_export"),
    path(
        "readiness/<str:code>/databases/",
        readiness.readiness_databases_page,
        name="readiness_databases",
    ),
    path(
        "readiness/<str:code>/requests/",
        readiness.readiness_requests_page,
        name="readiness_requests",
    ),
    path("quality/", quality.ranking_page, name="quality_ranking"),
    path("quality/export.xlsx", quality.export_xlsx, name="quality_export"),
    path("quality/entry/", quality.entry_page, name="quality_entry"),
    path("quality/verify/", quality.queue_page, name="quality_queue"),
    path("quality/results/<int:pk>/verify/", quality.verify, name="quality_verify"),
    path("quality/results/<int:pk>/adjust/", quality.adjust, name="quality_adjust"),
    path("databases/<str:code>/quality/", quality.database_page, name="database_quality"),
    path("sharing/", include("nq57.registry.sharing.urls")),
]
