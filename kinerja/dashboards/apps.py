from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardsConfig(AppConfig):
    name = "kinerja.dashboards"
    label = "dashboards"
    verbose_name = _("Dashboards and the reality check")

    def ready(self) -> None:
        from kinerja.dashboards import registry

        registry.autodiscover()
