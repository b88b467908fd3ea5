from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "kinerja.projects"
    label = "projects"
    verbose_name = _("Projects, obstacles and directives")

    def ready(self) -> None:
        from kinerja.core import digest
        from kinerja.projects import permissions, reminders  # noqa: F401  (registers the areas)

        digest.register_source(reminders.collect)
