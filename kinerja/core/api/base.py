"""Base viewsets: every queryset starts from ``restrict``; writes go through services."""

from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, permissions, viewsets

from kinerja.core.permissions import actions_for
from kinerja.core.querysets import user_grants

_METHOD_ACTIONS = {"POST": "add", "PUT": "change", "PATCH": "change", "DELETE": "delete"}


class ScopedPermission(permissions.IsAuthenticated):
    """Authenticated, and for writes holding a role that may take that action on the model's area.

    A viewset names another action for a method in ``method_actions`` (setting a budget ceiling is not
    the "add" of its area)."""

    message = _("Your role does not allow this change.")

    def has_permission(self, request, view):
        if not super().has_permission(request, view):
            return False
        action = getattr(view, "method_actions", {}).get(request.method) or _METHOD_ACTIONS.get(request.method)
        if action is None or request.user.is_superuser:
            return True
        area = view.model.scope.area
        return any(action in actions_for(grant.role, area) for grant in user_grants(request.user))


class RestrictedReadOnlyViewSet(viewsets.ReadOnlyModelViewSet):
    """A read-only viewset whose rows are limited to the user's scope (out of scope answers 404)."""

    permission_classes = [permissions.IsAuthenticated]
    model = None
    # Only a record id matches the detail routes (``kinerja.core.converters``): "abc" or 2**70 is a 404.
    lookup_value_converter = "id"

    def base_queryset(self):
        return self.model.objects.all()

    def get_queryset(self):
        return self.base_queryset().restrict(self.request.user, "view")


class RestrictedModelViewSet(RestrictedReadOnlyViewSet, viewsets.ModelViewSet):
    """A model viewset; an object the user may see but not change answers 403, one out of scope 404."""

    permission_classes = [ScopedPermission]

    def get_object(self):
        obj = super().get_object()
        action = _METHOD_ACTIONS.get(self.request.method)
        if action and not self.model.objects.restrict(self.request.user, action).filter(pk=obj.pk).exists():
            raise exceptions.PermissionDenied(_("You may see this record but not change it."))
        return obj
