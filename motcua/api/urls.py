from csp.constants import UNSAFE_INLINE
from csp.decorators import csp_update
from django.urls import include, path
from drf_spectacular.views import (
    SpectacularAPIView,
    SpectacularRedocView,
    SpectacularSwaggerSplitView,
)
from rest_framework.routers import DefaultRouter

from motcua.api.permissions import IsStaffMember
from motcua.catalog.api import ProcedureViewSet, ProcessAuditView
from motcua.dossiers.api import DossierViewSet
from motcua.indices.api import Index766View
from motcua.org.api import AdministrativeUnitViewSet, AgencyViewSet, PositionViewSet
from motcua.par.api import CriteriaSetListView, CriteriaSetReportView, UnitScorecardView
from motcua.signatures.api import ResultVerifyView
from motcua.stats.api import StatsKpiView, StatsTableView
from motcua.surveys.api import CampaignListView, CampaignReportView
from motcua.workcal.api import CalendarAddView, CalendarHolidaysView

STAFF = [IsStaffMember]
router = DefaultRouter()
router.register("org/units", AdministrativeUnitViewSet, basename="unit")
router.register("org/agencies", AgencyViewSet, basename="agency")
router.register("org/staff", PositionViewSet, basename="staff")
router.register("procedures", ProcedureViewSet, basename="procedure")
router.register("dossiers", DossierViewSet, basename="dossier")

urlpatterns = [
    path("v1/", include(router.urls)),
    path("v1/processes/<int:process_id>/audit", ProcessAuditView.as_view(), name="process-audit"),
    path("v1/stats/table", StatsTableView.as_view(), name="stats-table"),
    path("v1/stats/kpis", StatsKpiView.as_view(), name="stats-kpis"),
    path("v1/par/sets", CriteriaSetListView.as_view(), name="par-api-sets"),
    path("v1/par/sets/<int:set_id>/report", CriteriaSetReportView.as_view(), name="par-api-report"),
    path(
        "v1/par/sets/<int:set_id>/units/<str:unit_code>",
        UnitScorecardView.as_view(),
        name="par-api-unit",
    ),
    path("v1/surveys/campaigns", CampaignListView.as_view(), name="surveys-api-campaigns"),
    path(
        "v1/surveys/campaigns/<int:campaign_id>/report",
        CampaignReportView.as_view(),
        name="surveys-api-report",
    ),
    path("v1/indices/766", Index766View.as_view(), name="indices-api-766"),
    path("v1/results/verify", ResultVerifyView.as_view(), name="results-api-verify"),
    path("v1/calendar/holidays", CalendarHolidaysView.as_view(), name="calendar-holidays"),
    path("v1/calendar/add", CalendarAddView.as_view(), name="calendar-add"),
    # The schema and its readers map every endpoint: staff only.
    path("schema/", SpectacularAPIView.as_view(permission_classes=STAFF), name="api-schema"),
    # Swagger UI with its script served apart (no inline script); it sets inline styles.
    path(
        "docs/",
        csp_update({"style-src": [UNSAFE_INLINE]})(
            SpectacularSwaggerSplitView.as_view(url_name="api-schema", permission_classes=STAFF)
        ),
        name="api-docs",
    ),
    # ReDoc writes its own inline styles and its start-up script: allowed on that page alone.
    path(
        "redoc/",
        csp_update({"script-src": [UNSAFE_INLINE], "style-src": [UNSAFE_INLINE]})(
            SpectacularRedocView.as_view(url_name="api-schema", permission_classes=STAFF)
        ),
        name="api-redoc",
    ),
]
