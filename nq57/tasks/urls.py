"""Task pages."""

from django.urls import path

from . import views

app_name = "tasks"

urlpatterns = [
    path("", views.task_list_view, name="list"),
    path("export/", views.task_export, name="export"),
    path("count/", views.task_count, name="count"),
    path("new/", views.task_create_page, name="create"),
    path("inbox/", views.inbox_page, name="inbox"),
    path("import/", views.import_page, name="import"),
    path("import/confirm/", views.import_confirm, name="import_confirm"),
    path("<int:pk>/", views.task_page, name="detail"),
    path("<int:pk>/edit/", views.task_edit_page, name="edit"),
    path("<int:pk>/report/", views.progress_report_page, name="report"),
    path("<int:pk>/complete/", views.completion_request_page, name="complete"),
    path("<int:pk>/extend/", views.extension_request_page, name="extend"),
    path("<int:pk>/confirm/", views.completion_confirm_view, name="confirm"),
    path("<int:pk>/return/", views.completion_return_view, name="return"),
    path("extensions/<int:pk>/approve/", views.extension_approve_view, name="extension_approve"),
    path("extensions/<int:pk>/refuse/", views.extension_refuse_view, name="extension_refuse"),
    path("evidence/<int:pk>/", views.evidence_download, name="evidence"),
]
