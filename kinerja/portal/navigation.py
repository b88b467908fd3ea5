from django.utils.translation import gettext_lazy as _

from kinerja.core.navigation import MenuGroup, MenuItem

# The public portal sits in the System group's drop-down (the top row stays one line at 1440 px).
MENU = [
    MenuGroup(_("System"), (MenuItem(_("Public portal"), "portal:home", name="portal"),), weight=900, name="system")
]
