from django.utils.translation import gettext_lazy as _

from kinerja.core.navigation import MenuItem


def _government_wide(summary) -> bool:
    return summary.is_government_wide


MENU = [
    MenuItem(_("Reports"), "monitoring:my_reports", weight=20, name="reports"),
    MenuItem(_("Reporting board"), "monitoring:board", _government_wide, weight=30, name="board"),
]
