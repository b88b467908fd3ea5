from kinerja.core.api.fields import StrictModelSerializer
from kinerja.core.models import Agency, ServiceUnit


class AgencySerializer(StrictModelSerializer):
    class Meta:
        model = Agency
        fields = [
            "id",
            "government",
            "code",
            "name",
            "short_name",
            "kind",
            "parent",
            "sipd_unit_code",
            "is_illustrative",
        ]


class ServiceUnitSerializer(StrictModelSerializer):
    class Meta:
        model = ServiceUnit
        fields = ["id", "government", "agency", "code", "name", "kind", "region", "address", "is_illustrative"]
