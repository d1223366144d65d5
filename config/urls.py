"""URL wiring: the admin, the REST API, language switching."""

from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

urlpatterns = [
    # Until the officials' pages exist (issue 3), the front door is the API documentation.
    path("", RedirectView.as_view(url="/api/v1/docs/", permanent=False)),
    path("admin/", admin.site.urls),
    path("api/v1/", include("nq57.api.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
]
