from django.utils.translation import gettext_lazy as _

from kinerja.core.navigation import MenuGroup, MenuItem

MENU = [
    MenuGroup(
        _("Agreements"),
        (
            MenuItem(_("Agreements and pacts"), "integrity:overview", name="agreements_overview"),
            MenuItem("LKjIP", "integrity:lkjip_list", name="lkjip"),
        ),
        weight=50,
        name="agreements",
    )
]
