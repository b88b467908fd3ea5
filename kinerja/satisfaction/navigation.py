from django.utils.translation import gettext_lazy as _

from kinerja.core.navigation import MenuItem

MENU = [MenuItem(_("Satisfaction"), "satisfaction:survey_list", weight=40, name="satisfaction")]
