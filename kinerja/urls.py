from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path, re_path
from django.utils.translation import gettext_lazy
from django.views.i18n import set_language
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from kinerja.core import converters  # noqa: F401  (registers the <id:...> path converter)
from kinerja.core.api.views import (
    AgencyViewSet,
    ObtainTokenView,
    ServiceUnitViewSet,
    TokenListView,
    TokenRevokeView,
    not_found,
)
from kinerja.core.forms import LoginForm
from kinerja.dashboards import home as dashboards_home
from kinerja.dashboards.api.views import RealityCheckView
from kinerja.dashboards.api_supervision import SupervisionAssignmentViewSet, SupervisionRequestViewSet
from kinerja.innovation.api.views import ClaimViewSet, InnovationViewSet, MeasureViewSet, ServiceChangeViewSet
from kinerja.integrity.api.views import SignedDocumentViewSet, VerifyView
from kinerja.monitoring.api.views import (
    AgencyAchievementView,
    BudgetMonthViewSet,
    BudgetViewSet,
    IndicatorAchievementView,
    RealizationViewSet,
    ReportingPeriodViewSet,
)
from kinerja.planning.api.views import IndicatorViewSet, PlanNodeViewSet, PlanPeriodViewSet, TargetViewSet
from kinerja.projects.api.views import (
    AssignmentViewSet,
    DirectiveViewSet,
    FollowUpViewSet,
    MeetingViewSet,
    MilestoneViewSet,
    ObstacleViewSet,
    ProgressReportViewSet,
    ProjectViewSet,
)
from kinerja.satisfaction.api.views import (
    AgencyIkmView,
    GovernmentIkmView,
    KioskResponseView,
    KioskSurveysView,
    ServiceUnitIkmView,
    SurveyViewSet,
)

# Routes as path() with converters: detail routes take <id:pk> (see RestrictedReadOnlyViewSet). No ".json"
# suffix routes (never documented; ?format=json still works).
router = DefaultRouter(use_regex_path=False)
router.include_format_suffixes = False
router.register("agencies", AgencyViewSet, basename="agency")
router.register("service-units", ServiceUnitViewSet, basename="service-unit")
router.register("plan-periods", PlanPeriodViewSet, basename="plan-period")
router.register("plan-nodes", PlanNodeViewSet, basename="plan-node")
router.register("indicators", IndicatorViewSet, basename="indicator")
router.register("targets", TargetViewSet, basename="target")
router.register("reporting-periods", ReportingPeriodViewSet, basename="reporting-period")
router.register("realizations", RealizationViewSet, basename="realization")
router.register("budgets", BudgetViewSet, basename="budget")
router.register("budget-months", BudgetMonthViewSet, basename="budget-month")
router.register("surveys", SurveyViewSet, basename="survey")
router.register("signed-documents", SignedDocumentViewSet, basename="signed-document")
router.register("projects", ProjectViewSet, basename="project")
router.register("milestones", MilestoneViewSet, basename="milestone")
router.register("progress-reports", ProgressReportViewSet, basename="progress-report")
router.register("obstacles", ObstacleViewSet, basename="obstacle")
router.register("follow-ups", FollowUpViewSet, basename="follow-up")
router.register("meetings", MeetingViewSet, basename="meeting")
router.register("directives", DirectiveViewSet, basename="directive")
router.register("directive-assignments", AssignmentViewSet, basename="directive-assignment")
router.register("supervision-assignments", SupervisionAssignmentViewSet, basename="supervision-assignment")
router.register("supervision-requests", SupervisionRequestViewSet, basename="supervision-request")
router.register("innovations", InnovationViewSet, basename="innovation")
router.register("innovation-claims", ClaimViewSet, basename="innovation-claim")
router.register("innovation-services", ServiceChangeViewSet, basename="innovation-service")
router.register("innovation-measures", MeasureViewSet, basename="innovation-measure")

api_urlpatterns = [
    path("auth/token/", ObtainTokenView.as_view(), name="token"),
    path("auth/tokens/", TokenListView.as_view(), name="token-list"),
    path("auth/tokens/<str:token_key>/", TokenRevokeView.as_view(), name="token-revoke"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves its initialiser as a script of its own (docs/?script): the strict CSP forbids
    # the inline script and style the plain SpectacularSwaggerView renders.
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(
            url_name="api:schema",
            template_name="api/swagger_ui.html",
            title=gettext_lazy("Kinerja API documentation"),
        ),
        name="docs",
    ),
    path("indicators/<id:pk>/achievement/", IndicatorAchievementView.as_view(), name="indicator-achievement"),
    path("agencies/<id:pk>/achievement/", AgencyAchievementView.as_view(), name="agency-achievement"),
    path("service-units/<id:pk>/ikm/", ServiceUnitIkmView.as_view(), name="service-unit-ikm"),
    path("agencies/<id:pk>/ikm/", AgencyIkmView.as_view(), name="agency-ikm"),
    path("ikm/", GovernmentIkmView.as_view(), name="government-ikm"),
    path("kiosk/surveys/", KioskSurveysView.as_view(), name="kiosk-surveys"),
    path("kiosk/responses/", KioskResponseView.as_view(), name="kiosk-responses"),
    path("verify/", VerifyView.as_view(), name="verify"),
    path("reality-check/", RealityCheckView.as_view(), name="reality-check"),
    path("", include(router.urls)),
    # Last: an address no route above matches (a malformed id, a mistyped name) answers a JSON 404. Only
    # addresses ending in a slash, so that CommonMiddleware still redirects "agencies" to "agencies/"
    # ([\s\S] and \Z: an id of "%0A" is a newline, which "." and "$" let through).
    re_path(r"^[\s\S]*/\Z", not_found, name="not-found"),
]

urlpatterns = [
    # Leaders and planners land on the leader's home, agency heads on their agency's dashboard, the other
    # roles on core's home (kinerja.dashboards.home.root decides; core does not know dashboards).
    path("", dashboards_home.root, name="home"),
    path(
        "login/",
        auth_views.LoginView.as_view(authentication_form=LoginForm, redirect_authenticated_user=True),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/setlang/", set_language, name="set_language"),
    path("admin/", admin.site.urls),
    path("api/v1/", include((api_urlpatterns, "api"))),
    path("", include("kinerja.core.urls")),
    path("", include("kinerja.planning.urls")),
    path("", include("kinerja.monitoring.urls")),
    path("", include("kinerja.satisfaction.urls")),
    path("", include("kinerja.integrity.urls")),
    path("", include("kinerja.projects.urls")),
    path("", include("kinerja.innovation.urls")),
    path("", include("kinerja.dashboards.urls")),
    path("", include("kinerja.portal.urls")),
]

handler400 = "kinerja.core.views.bad_request"
