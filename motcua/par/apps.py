from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParConfig(AppConfig):
    name = "motcua.par"
    verbose_name = _("PAR index")
