from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntegrityConfig(AppConfig):
    name = "kinerja.integrity"
    label = "integrity"
    verbose_name = _("Performance agreements and integrity pacts")

    def ready(self) -> None:
        from kinerja.integrity import permissions  # noqa: F401  (registers the integrity area)
