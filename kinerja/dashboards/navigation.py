"""The dashboards in the main menu: for government-wide roles a drop-down (the overview, the reality check,
supervision and, for leaders, the weekly brief); for an agency's people their agency's dashboard."""

from django.utils.translation import gettext_lazy as _

from kinerja.core.choices import Role
from kinerja.core.navigation import MenuGroup, MenuItem


def _government_wide(summary) -> bool:
    return summary.is_government_wide


def _agency_only(summary) -> bool:
    return not summary.is_government_wide and bool(summary.agencies)


def _reads_briefs(summary) -> bool:
    return summary.user.is_superuser or Role.LEADER in summary.roles or Role.ADMIN in summary.roles


MENU = [
    MenuGroup(
        _("Dashboard"),
        (
            MenuItem(_("Government overview"), "dashboards:overview", _government_wide, name="overview"),
            MenuItem(_("Reality check"), "dashboards:reality_check", _government_wide, name="reality"),
            MenuItem(_("Supervision"), "dashboards:supervision", _government_wide, name="supervision"),
            MenuItem(_("Weekly brief"), "dashboards:brief_latest", _reads_briefs, name="brief"),
        ),
        weight=10,
        name="dashboard",
    ),
    MenuItem(
        _("Dashboard"),
        "dashboards:agency_dashboard",
        _agency_only,
        args=lambda summary: [summary.agencies[0].code],
        weight=10,
        name="dashboard",
    ),
]
