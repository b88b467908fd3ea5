from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlanningConfig(AppConfig):
    name = "kinerja.planning"
    label = "planning"
    verbose_name = _("Performance tree")

    def ready(self) -> None:
        from kinerja.core.widgets import register_home_panel
        from kinerja.planning import permissions  # noqa: F401  (registers the planning area)
        from kinerja.planning.selectors import home_panel

        register_home_panel(home_panel)  # core's home page shows the plan in force (core cannot import planning)
