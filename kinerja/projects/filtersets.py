import django_filters
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kinerja.core.filtersets import FilterSet
from kinerja.projects import selectors
from kinerja.projects.choices import Escalation
from kinerja.projects.models import Obstacle


class ObstacleFilterSet(FilterSet):
    """The API's obstacle filters; ``escalation`` is the level reached today, as the pages show it."""

    escalation = django_filters.TypedChoiceFilter(
        choices=Escalation.choices, coerce=int, method="filter_escalation", label=_("Escalation level")
    )

    class Meta:
        model = Obstacle
        fields = ["agency", "project", "status", "category", "severity", "escalation"]

    def filter_escalation(self, queryset, name, value):
        return selectors.at_escalation_level(queryset, value, timezone.localdate())
