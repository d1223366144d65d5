"""Task pages."""

from django.urls import path

from .views import comments, decisions, imports, lifecycle, listing, task

app_name = "tasks"

urlpatterns = [
    path("", listing.task_list_view, name="list"),
    path("export/", listing.task_export, name="export"),
    path("count/", listing.task_count, name="count"),
    path("new/", task.task_create_page, name="create"),
    path("inbox/", decisions.inbox_page, name="inbox"),
    path("import/", imports.import_page, name="import"),
    path("import/confirm/", imports.import_confirm, name="import_confirm"),
    path("<int:pk>/", task.task_page, name="detail"),
    path("<int:pk>/edit/", task.task_edit_page, name="edit"),
    path("<int:pk>/report/", task.progress_report_page, name="report"),
    path("<int:pk>/complete/", task.completion_request_page, name="complete"),
    path("<int:pk>/extend/", task.extension_request_page, name="extend"),
    path("<int:pk>/withdraw/", lifecycle.task_withdraw_view, name="withdraw"),
    path("<int:pk>/suspend/", lifecycle.task_suspend_view, name="suspend"),
    path("<int:pk>/resume/", lifecycle.task_resume_view, name="resume"),
    path("<int:pk>/comments/", comments.task_comment_post, name="comment"),
    path("<int:pk>/correct/", lifecycle.task_correct_page, name="correct"),
    path("<int:pk>/confirm/", decisions.completion_confirm_view, name="confirm"),
    path("<int:pk>/return/", decisions.completion_return_view, name="return"),
    path(
        "extensions/<int:pk>/approve/", decisions.extension_approve_view, name="extension_approve"
    ),
    path("extensions/<int:pk>/refuse/", decisions.extension_refuse_view, name="extension_refuse"),
    path("evidence/<int:pk>/", task.evidence_download, name="evidence"),
]
