from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from motcua.core.views import health, staff_dashboard
from motcua.org.views import agency_detail, agency_list
from motcua.workcal.views import year_calendar, year_calendar_approve

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="staff-dashboard", permanent=False)),
    path("staff/", staff_dashboard, name="staff-dashboard"),
    path("staff/org/", agency_list, name="org-agency-list"),
    path("staff/org/<int:agency_id>/", agency_detail, name="org-agency-detail"),
    path("staff/calendar/", year_calendar, name="workcal-current-year"),
    path("staff/calendar/<int:year>/", year_calendar, name="workcal-year"),
    path("staff/calendar/<int:year>/approve/", year_calendar_approve, name="workcal-year-approve"),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    path("api/", include("motcua.api.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("health/", health, name="health"),
]
