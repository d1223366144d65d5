"""/signin/…: citizens' sign-in through the national identity."""

from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("oidc/", views.oidc_start, name="oidc_start"),
    path("oidc/callback/", views.oidc_callback, name="oidc_callback"),
]
