from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from motcua.catalog.api import ProcedureViewSet, ProcessAuditView
from motcua.dossiers.api import DossierViewSet
from motcua.org.api import AdministrativeUnitViewSet, AgencyViewSet, PositionViewSet
from motcua.stats.api import StatsKpiView, StatsTableView
from motcua.workcal.api import CalendarAddView, CalendarHolidaysView

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
    path("v1/calendar/holidays", CalendarHolidaysView.as_view(), name="calendar-holidays"),
    path("v1/calendar/add", CalendarAddView.as_view(), name="calendar-add"),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("redoc/", SpectacularRedocView.as_view(url_name="api-schema"), name="api-redoc"),
]
