"""The dashboards in the main menu: the overview for government-wide roles, else the user's agency's."""

from django.utils.translation import gettext_lazy as _

from kinerja.core.navigation import MenuItem


def _government_wide(summary) -> bool:
    return summary.is_government_wide


def _agency_only(summary) -> bool:
    return not summary.is_government_wide and bool(summary.agencies)


MENU = [
    MenuItem(_("Dashboard"), "dashboards:overview", _government_wide, weight=10, name="dashboard"),
    MenuItem(
        _("Dashboard"),
        "dashboards:agency_dashboard",
        _agency_only,
        args=lambda summary: [summary.agencies[0].code],
        weight=10,
        name="dashboard",
    ),
    # The reality check: for the government-wide readers (agency heads reach their agency's by its address).
    MenuItem(_("Reality check"), "dashboards:reality_check", _government_wide, weight=35, name="reality"),
]
