from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardsConfig(AppConfig):
    name = "kinerja.dashboards"
    label = "dashboards"
    verbose_name = _("Dashboards and the reality check")

    def ready(self) -> None:
        from kinerja.dashboards import registry

        registry.autodiscover()

        # Supervision: its area, and its lines of the daily digest (overdue requests).
        from kinerja.core import digest
        from kinerja.dashboards import permissions, supervision_digest  # noqa: F401  (registers the area)

        digest.register_source(supervision_digest.collect)

        # The reality check: which signals are computed today, recorded before the day's digests.
        from kinerja.dashboards import reality

        digest.register_preparation(reality.record_daily)
