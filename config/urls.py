"""URL wiring: the officials' pages, the admin, the REST API, language switching."""

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("nq57.web.urls")),
    path("tasks/", include("nq57.tasks.urls")),
    path("indicators/", include("nq57.indicators.urls")),
    path("feedback/", include("nq57.feedback.urls")),
    path("signin/", include("nq57.accounts.urls")),
    path("admin/", admin.site.urls),
    path("api/v1/", include("nq57.api.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
]
