from django.apps import AppConfig


class SimulationConfig(AppConfig):
    name = "motcua.simulation"
    verbose_name = "Legal scenarios (motcua simulate)"
