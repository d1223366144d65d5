"""The /api/v1/ composition: one router for every app's endpoints, the schema and its docs."""

from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from nq57.budget.api import BudgetSummaryView
from nq57.feedback.api import StatsView
from nq57.indicators.api.views import (
    DataElementViewSet,
    IndicatorViewSet,
    SubmissionViewSet,
    ValueViewSet,
)
from nq57.orgs.api.views import OrganizationViewSet
from nq57.registry.api import RegistrySummaryView
from nq57.registry.quality.api import QualityCheckView
from nq57.tasks.api.ranking import RankingView
from nq57.tasks.api.views import ExtensionRequestViewSet, ProgramViewSet, TaskViewSet
from nq57.web.api import CompositeRankingView
from nq57.web.queue_api import QueueView

# Both /tasks and /tasks/ answer every method: integrators forget the slash, and a redirect
# loses a POST (APPEND_SLASH cannot redirect one: it raised a 500). DefaultRouter's argument
# is only a flag ("/" or ""), so the optional slash is set on the router itself.
router = DefaultRouter()
router.trailing_slash = "/?"
router.register("orgs", OrganizationViewSet, basename="org")
router.register("programs", ProgramViewSet, basename="program")
router.register("tasks", TaskViewSet, basename="task")
router.register("extension-requests", ExtensionRequestViewSet, basename="extension-request")
# Before the indicators: /indicators/elements/ is not the indicator "elements" (a code
# the catalogue reserves).
router.register("indicators/elements", DataElementViewSet, basename="indicator-element")
router.register("indicators", IndicatorViewSet, basename="indicator")
router.register("indicator-values", ValueViewSet, basename="indicator-value")
router.register("indicator-forms", SubmissionViewSet, basename="indicator-form")

# The paths outside the router take the optional slash too, for every method alike.
urlpatterns = [
    re_path(r"^feedback/stats/?$", StatsView.as_view(), name="feedback-stats"),
    re_path(r"^ranking/?$", RankingView.as_view(), name="ranking"),
    re_path(r"^queue/?$", QueueView.as_view(), name="queue"),
    re_path(r"^budget/summary/?$", BudgetSummaryView.as_view(), name="budget-summary"),
    re_path(r"^registry/summary/?$", RegistrySummaryView.as_view(), name="registry-summary"),
    re_path(
        r"^registry/quality-checks/?$", QualityCheckView.as_view(), name="registry-quality-checks"
    ),
    re_path(r"^ranking/composite/?$", CompositeRankingView.as_view(), name="ranking-composite"),
    re_path(r"^schema/?$", SpectacularAPIView.as_view(), name="api-schema"),
    re_path(
        r"^docs/?$", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"
    ),
    path("", include(router.urls)),
]
