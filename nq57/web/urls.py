"""Officials' pages (sign-in, dashboard) and the public ranking."""

from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from nq57.accounts.password_reset import QueuedPasswordResetForm

from . import calendar_views, drafts, help_views, privacy, ranking_views, views

app_name = "web"

urlpatterns = [
    path("", views.dashboard_page, name="dashboard"),
    path("queue/", views.queue_page, name="queue"),
    path("search/", views.search_page, name="search"),
    # The drafts of page forms and the idle warning's "stay signed in" (forms.js).
    path("drafts/", drafts.draft_view, name="draft"),
    path("session/keepalive/", drafts.keepalive_view, name="keepalive"),
    path("calendar/", calendar_views.calendar_view, name="calendar"),
    # Public by its private link: a calendar program sends no session (accounts.gate).
    path("calendar/<str:token>.ics", calendar_views.calendar_feed_view, name="calendar_feed"),
    # The rankings are public: no sign-in (issue 11).
    path("ranking/", ranking_views.ranking_page, name="ranking"),
    path("ranking/<str:code>/tasks/", ranking_views.ranking_tasks_page, name="ranking_tasks"),
    path("privacy/processing/", privacy.processing_record_page, name="processing_record"),
    # Each screen's help, by the screen's URL name (`tasks:detail` at /help/tasks-detail/).
    path("help/", help_views.help_index_page, name="help_index"),
    path("help/<slug:screen>/", help_views.help_page, name="help"),
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
    # A forgotten password: a link by e-mail (Django's one-time, time-limited tokens).
    path(
        "password/reset/",
        auth_views.PasswordResetView.as_view(
            form_class=QueuedPasswordResetForm,
            template_name="web/password_reset.html",
            email_template_name="web/password_reset_email.txt",
            subject_template_name="web/password_reset_subject.txt",
            success_url=reverse_lazy("web:password_reset_sent"),
        ),
        name="password_reset",
    ),
    path(
        "password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(template_name="web/password_reset_sent.html"),
        name="password_reset_sent",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            template_name="web/password_reset_confirm.html",
            success_url=reverse_lazy("web:password_reset_complete"),
        ),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="web/password_reset_complete.html"
        ),
        name="password_reset_complete",
    ),
]
