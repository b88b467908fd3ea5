from django.utils.translation import gettext_lazy as _

from kinerja.core.navigation import MenuGroup, MenuItem

# The registry joins the Plan drop-down (planning's group, by its name).
MENU = [MenuGroup(_("Plan"), (MenuItem(_("Innovations"), "innovation:registry", name="innovations"),), name="plan")]
