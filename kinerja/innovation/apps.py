from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InnovationConfig(AppConfig):
    name = "kinerja.innovation"
    label = "innovation"
    verbose_name = _("Public-service innovations")

    def ready(self):
        from kinerja.innovation import permissions  # noqa: F401  (registers the innovation area)
