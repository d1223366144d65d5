"""Commitment pages: /commitments/… (officials record, edit, sign; the public reads each
organisation's commitments and a leader's record)."""

from django.urls import path

from . import views

app_name = "commitments"

urlpatterns = [
    path("new/", views.commitment_new, name="new"),
    path("<int:pk>/", views.commitment_detail, name="detail"),
    path("<int:pk>/edit/", views.commitment_edit, name="edit"),
    path("<int:pk>/pdf/", views.commitment_pdf_download, name="pdf"),
    path("<int:pk>/sign/", views.commitment_sign, name="sign"),
    # Public: the signed file, each organisation's page and a leader's record (issue 18).
    path("<int:pk>/signed.pdf", views.signed_download, name="signed"),
    path("org/<str:code>/", views.org_page, name="org"),
    path("leaders/<int:pk>/", views.leader_page, name="leader"),
]
