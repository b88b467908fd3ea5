from django.utils.translation import gettext_lazy as _

from kinerja.core.navigation import MenuItem

MENU = [MenuItem(_("Projects"), "projects:overview", weight=60, name="projects")]
