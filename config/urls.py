"""URL wiring: the admin, the REST API, language switching."""

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", include("nq57.api.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
]
