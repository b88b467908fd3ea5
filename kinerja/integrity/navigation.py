from django.utils.translation import gettext_lazy as _

from kinerja.core.navigation import MenuItem

MENU = [MenuItem(_("Agreements"), "integrity:overview", weight=50, name="agreements")]
