"""URL wiring: the officials' pages, the admin, the REST API, language switching."""

from django.contrib import admin
from django.urls import include, path

from nq57.indicators import urls as indicator_urls
from nq57.web import composite_urls, health

urlpatterns = [
    # The probes (served by nq57.web.health.ProbeMiddleware; named here).
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("", include("nq57.web.urls")),
    path("tasks/", include("nq57.tasks.urls")),
    # The composite ranking (web: it spans apps) keeps its place among the indicator pages.
    path(
        "indicators/",
        include(
            ([*composite_urls.urlpatterns, *indicator_urls.urlpatterns], indicator_urls.app_name)
        ),
    ),
    path("feedback/", include("nq57.feedback.urls")),
    path("privacy/", include("nq57.privacy.urls")),
    path("registry/", include("nq57.registry.urls")),
    path("budget/", include("nq57.budget.urls")),
    path("reports/", include("nq57.reports.urls")),
    path("commitments/", include("nq57.commitments.urls")),
    path("evaluation/", include("nq57.evaluation.urls")),
    path("", include("nq57.accounts.urls")),
    path("", include("nq57.notices.urls")),
    path("admin/", admin.site.urls),
    path("api/v1/", include("nq57.api.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
]

# A database outage answers 503 (nq57.web.outage); any other error Django's 500 page.
handler400 = "nq57.web.errors.bad_request"
handler403 = "nq57.web.errors.permission_denied"
handler404 = "nq57.web.errors.page_not_found"
handler500 = "nq57.web.outage.server_error"
