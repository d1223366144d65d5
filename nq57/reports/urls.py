"""Report pages: /reports/… (the progress report as of a day, and its verification)."""

from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("", views.report_page, name="home"),
    path("verify/", views.verify_page, name="verify"),
    path("issued/", views.file_report, name="file"),
    path("issued/<int:pk>/", views.issued_file, name="issued_file"),
]
