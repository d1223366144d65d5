"""Officials' pages: sign-in, dashboard, ranking."""

from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from . import privacy, views

app_name = "web"

urlpatterns = [
    path("", views.dashboard_page, name="dashboard"),
    path("ranking/", views.ranking_page, name="ranking"),
    path("privacy/processing/", privacy.processing_record_page, name="processing_record"),
    path(
        "login/",
        auth_views.LoginView.as_view(
            template_name="web/login.html", redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "password/",
        auth_views.PasswordChangeView.as_view(
            template_name="web/password_change.html",
            success_url=reverse_lazy("web:password_changed"),
        ),
        name="password_change",
    ),
    path(
        "password/changed/",
        auth_views.PasswordChangeDoneView.as_view(template_name="web/password_changed.html"),
        name="password_changed",
    ),
]
