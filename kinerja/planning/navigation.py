from django.utils.translation import gettext_lazy as _

from kinerja.core.navigation import MenuGroup, MenuItem

MENU = [
    MenuGroup(
        _("Plan"),
        (
            MenuItem(_("Performance tree"), "planning:tree", name="tree"),
            MenuItem(_("Agencies"), "planning:agency_list", name="agencies"),
            MenuItem(_("Plan periods"), "planning:period_list", name="periods"),
        ),
        weight=70,
        name="plan",
    )
]
