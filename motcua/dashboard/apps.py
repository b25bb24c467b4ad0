from django.apps import AppConfig


class DashboardConfig(AppConfig):
    name = "motcua.dashboard"
    verbose_name = "Dashboard"
