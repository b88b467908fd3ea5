"""Reads of organisation data, always restricted to what the user may see."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, QuerySet
from django.utils import timezone
from django.utils.functional import cached_property

from kinerja.core import permissions
from kinerja.core.choices import AGENCY_ROLES, Role
from kinerja.core.models import Agency, AuditEvent, Government, User
from kinerja.core.permissions import actions_for
from kinerja.core.querysets import user_grants


@dataclass
class UserSummary:
    """What the interface needs to know about the signed-in user."""

    user: User
    roles: list[str] = field(default_factory=list)

    @cached_property
    def agencies(self) -> list[Agency]:
        ids = {
            agency_id
            for grant in user_grants(self.user)
            if grant.role in AGENCY_ROLES
            for agency_id in grant.agency_ids
        }
        return list(Agency.objects.filter(id__in=ids, parent__isnull=True)) if ids else []

    @cached_property
    def role_labels(self) -> list[str]:
        return [str(Role(role).label) for role in self.roles]

    def may(self, area: str, action: str) -> bool:
        return self.user.is_superuser or any(action in actions_for(role, area) for role in self.roles)

    @property
    def can_edit_plan(self) -> bool:
        return self.may("planning", permissions.CHANGE)

    @property
    def is_government_wide(self) -> bool:
        return self.user.is_superuser or any(role not in AGENCY_ROLES for role in self.roles)

    @property
    def can_read_audit(self) -> bool:
        return self.may(permissions.AUDIT, permissions.VIEW)

    @property
    def can_manage_users(self) -> bool:
        return self.may(permissions.USERS, permissions.CHANGE)


def user_summary(user: User) -> UserSummary:
    cached = getattr(user, "_kinerja_summary", None)
    if cached is None:
        roles = sorted({grant.role for grant in user_grants(user)})
        cached = user._kinerja_summary = UserSummary(user=user, roles=roles)
    return cached


def government_for(user: User) -> Government | None:
    """Return the government the user works in (the first of their memberships)."""
    grants = user_grants(user)
    if grants:
        return Government.objects.filter(pk=grants[0].government_id).first()
    if user.is_superuser:
        return Government.objects.order_by("pk").first()
    return None


def agency_list(*, user: User) -> QuerySet[Agency]:
    return (
        Agency.objects.restrict(user, "view")
        .select_related("parent")
        .annotate(service_unit_count=Count("service_units", distinct=True))
        .order_by("name")
    )


def audit_event_list(
    *,
    user: User,
    object_type: str = "",
    object_id: str = "",
    username: str = "",
    action: str = "",
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
) -> QuerySet[AuditEvent]:
    """Return the entries the user may read, newest first; dates are days in the local time zone, both included."""
    events = AuditEvent.objects.restrict(user, "view")
    if object_type:
        events = events.filter(object_type=object_type)
    if object_id:
        events = events.filter(object_id=object_id)
    if username:
        events = events.filter(username=username)
    if action:
        events = events.filter(action=action)
    if date_from:
        events = events.filter(created__gte=_start_of(date_from))
    if date_to:
        events = events.filter(created__lt=_start_of(date_to + datetime.timedelta(days=1)))
    return events.order_by("-sequence")


def _start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def audit_last_check():
    """Return the latest verification of the chain and how many entries were appended after it began."""
    from kinerja.core.models import AuditChainHead, AuditCheck

    check = AuditCheck.objects.first()
    head = AuditChainHead.objects.filter(pk=1).values_list("sequence", flat=True).first() or 0
    return check, max(head - check.up_to, 0) if check else head
