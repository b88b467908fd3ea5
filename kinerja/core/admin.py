from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from kinerja.core.models import Agency, AuditEvent, Government, Membership, Region, ServiceUnit, User

admin.site.site_header = _("Kinerja administration")
admin.site.site_title = "Kinerja"


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["agency"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    inlines = [MembershipInline]
    fieldsets = BaseUserAdmin.fieldsets + ((_("Civil service"), {"fields": ("nip", "position")}),)
    list_display = ["username", "first_name", "email", "is_active", "is_staff"]


@admin.register(Government)
class GovernmentAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind"]


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "bps_code"]
    list_filter = ["kind"]


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "short_name", "kind", "parent", "is_illustrative"]
    list_filter = ["kind", "is_illustrative"]
    search_fields = ["code", "name", "short_name"]


@admin.register(ServiceUnit)
class ServiceUnitAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "agency", "kind", "region"]
    list_filter = ["kind"]
    search_fields = ["code", "name"]
    autocomplete_fields = ["agency"]


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """The audit trail, read only: it can be browsed here but never changed."""

    list_display = ["sequence", "created", "username", "action", "object_type", "object_id", "object_repr"]
    list_filter = ["action", "object_type"]
    search_fields = ["username", "object_id", "object_repr", "request_id"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
