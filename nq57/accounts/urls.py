"""/signin/…: citizens' sign-in through the national identity; officials' second factor."""

from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("oidc/", views.oidc_start, name="oidc_start"),
    path("oidc/callback/", views.oidc_callback, name="oidc_callback"),
    path("second-factor/", views.second_factor_page, name="second_factor"),
    path("second-factor/setup/", views.second_factor_setup_page, name="second_factor_setup"),
]
