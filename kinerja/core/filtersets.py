import django_filters

from kinerja.core.models import Agency


class AgencyFilterSet(django_filters.FilterSet):
    class Meta:
        model = Agency
        fields = ["kind", "parent", "code"]
