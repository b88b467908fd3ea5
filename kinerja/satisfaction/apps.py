from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SatisfactionConfig(AppConfig):
    name = "kinerja.satisfaction"
    label = "satisfaction"
    verbose_name = _("Public satisfaction (SKM/IKM)")

    def ready(self) -> None:
        from kinerja.core.anchors import register_seal
        from kinerja.satisfaction import permissions  # noqa: F401  (registers the satisfaction area)
        from kinerja.satisfaction.seals import seal_answers, verify_seals

        register_seal("survey answers", seal=seal_answers, verify=verify_seals)
