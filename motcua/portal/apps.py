from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "motcua.portal"
    label = "portal"
    verbose_name = _("Citizen portal")

    def ready(self) -> None:
        from motcua.portal.tracking import connect

        connect()  # the cached tracking pages follow every change of a dossier
