"""Data-sharing pages: /registry/sharing/… (names in the registry's namespace)."""

from django.urls import path

from ..views import sharing

urlpatterns = [
    path("", sharing.inbox_page, name="sharing_inbox"),
    path("inbox.xlsx", sharing.inbox_export, name="sharing_inbox_export"),
    path("sent/", sharing.sent_page, name="sharing_sent"),
    path("new/", sharing.new_page, name="sharing_new"),
    path("authority/", sharing.authority_page, name="sharing_authority"),
    path("refusals/", sharing.register_page, name="sharing_refusals"),
    path("refusals.xlsx", sharing.register_export, name="sharing_refusals_export"),
    path("<int:pk>/", sharing.request_page, name="sharing_request"),
]
