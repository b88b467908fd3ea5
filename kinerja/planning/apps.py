from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlanningConfig(AppConfig):
    name = "kinerja.planning"
    label = "planning"
    verbose_name = _("Performance tree")

    def ready(self) -> None:
        from kinerja.planning import permissions  # noqa: F401  (registers the planning area)
