from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SatisfactionConfig(AppConfig):
    name = "kinerja.satisfaction"
    label = "satisfaction"
    verbose_name = _("Public satisfaction (SKM/IKM)")

    def ready(self) -> None:
        from kinerja.core.widgets import register_agency_panel
        from kinerja.satisfaction import permissions  # noqa: F401  (registers the satisfaction area)
        from kinerja.satisfaction.selectors import agency_panel

        register_agency_panel(agency_panel)
