"""/signin/…: citizens' sign-in through the national identity, officials' second factor;
/account/…: one's profile, sessions and tokens."""

from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("signin/oidc/", views.oidc_start, name="oidc_start"),
    path("signin/oidc/callback/", views.oidc_callback, name="oidc_callback"),
    path("signin/second-factor/", views.second_factor_page, name="second_factor"),
    path(
        "signin/second-factor/setup/",
        views.second_factor_setup_page,
        name="second_factor_setup",
    ),
    path("account/", views.profile_page, name="profile"),
    path("account/details/", views.details_view, name="details"),
    path("account/sessions/<int:pk>/end/", views.session_end_view, name="session_end"),
    path("account/tokens/<int:pk>/revoke/", views.token_revoke_view, name="token_revoke"),
]
