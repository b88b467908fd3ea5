from django.contrib import admin

from kinerja.planning.models import Indicator, NomenclatureItem, NomenclatureVersion, PlanNode, PlanPeriod


class ReadOnlyAdmin(admin.ModelAdmin):
    """Plan data is changed through Kinerja's own pages and API, whose services keep the tree consistent."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(NomenclatureVersion)
class NomenclatureVersionAdmin(ReadOnlyAdmin):
    list_display = ["label", "row_count", "is_active", "created"]


@admin.register(NomenclatureItem)
class NomenclatureItemAdmin(ReadOnlyAdmin):
    list_display = ["code", "level", "government_level", "name", "unit"]
    list_filter = ["version", "level", "government_level"]
    search_fields = ["code", "name"]


@admin.register(PlanPeriod)
class PlanPeriodAdmin(ReadOnlyAdmin):
    list_display = ["name", "kind", "start_year", "end_year", "version", "status"]


@admin.register(PlanNode)
class PlanNodeAdmin(ReadOnlyAdmin):
    list_display = ["code", "title", "kind", "agency", "period"]
    list_filter = ["kind", "period"]
    search_fields = ["code", "title"]


@admin.register(Indicator)
class IndicatorAdmin(ReadOnlyAdmin):
    list_display = ["name", "unit", "indicator_type", "is_key"]
    list_filter = ["indicator_type", "is_key"]
    search_fields = ["name"]
