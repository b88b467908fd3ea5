from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SatisfactionConfig(AppConfig):
    name = "kinerja.satisfaction"
    label = "satisfaction"
    verbose_name = _("Public satisfaction (SKM/IKM)")

    def ready(self) -> None:
        from kinerja.satisfaction import permissions  # noqa: F401  (registers the satisfaction area)
