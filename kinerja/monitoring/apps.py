from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    name = "kinerja.monitoring"
    label = "monitoring"
    verbose_name = _("Monitoring and achievement")

    def ready(self) -> None:
        from kinerja.core.widgets import register_indicator_panel, register_node_panel
        from kinerja.monitoring import (
            permissions,  # noqa: F401  (registers the monitoring area)
            receivers,  # noqa: F401  (moves reports on a plan amendment)
        )
        from kinerja.monitoring.selectors import indicator_panel, node_panel

        register_node_panel(node_panel)
        register_indicator_panel(indicator_panel)
