from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    name = "kinerja.monitoring"
    label = "monitoring"
    verbose_name = _("Monitoring and achievement")

    def ready(self) -> None:
        from kinerja.monitoring import (
            permissions,  # noqa: F401  (registers the monitoring area)
            receivers,  # noqa: F401  (moves reports on a plan amendment)
        )
