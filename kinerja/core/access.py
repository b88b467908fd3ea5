"""The one function that decides whether an actor may act on a target (see docs/design.md, Access).

``require(user, action, target)`` raises ``PermissionDenied`` unless ``user`` may take ``action`` on
``target``; ``may`` answers the same question as a boolean. A target is a scoped model instance (its
model's ``scope`` gives the area, government and agency), an ``Agency`` or a ``Government`` (then the
area must be named: ``area=MONITORING``). Government-level rights are decided on the government itself,
never through a stand-in agency.

Access fails closed: ``None``, an anonymous or inactive user is refused. Work that no person does
(the demo loader, management commands, scheduled tasks) acts as ``SYSTEM``, explicitly.
"""

from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.utils.translation import gettext as _

from kinerja.core.choices import AGENCY_ROLES
from kinerja.core.permissions import actions_for
from kinerja.core.querysets import SHARED_ACTION, user_grants


class SystemActor:
    """The actor of work no person does: it may do everything and is recorded as "sistem" in the audit trail."""

    pk = None
    id = None
    is_system = True
    is_authenticated = True
    is_active = True
    is_superuser = True
    is_staff = False
    username = "sistem"

    def __str__(self) -> str:
        return "sistem"

    def __repr__(self) -> str:
        return "SYSTEM"

    def get_full_name(self) -> str:
        return "sistem"

    def get_username(self) -> str:
        return "sistem"


SYSTEM = SystemActor()


def is_system(user) -> bool:
    """Return whether ``user`` is the explicit system actor."""
    return user is SYSTEM


def _locate(target, area: str | None) -> tuple[str, int | None, int | None, bool]:
    """Return ``(area, government_id, agency_id, shared)`` of ``target``.

    Agency None means government-wide. ``shared`` marks a row every member of its government may read
    (a model whose rows belong to no agency, or a row of the shared part of a tree, ``Scope.shared``):
    agency roles may view it, never change it. A government or agency itself is never shared: a right
    on the whole government is a government role's.
    """
    from kinerja.core.models import Agency, Government

    if isinstance(target, Government):
        if area is None:
            raise ImproperlyConfigured("require() on a government needs the area")
        return area, target.pk, None, False
    if isinstance(target, Agency):
        if area is None:
            raise ImproperlyConfigured("require() on an agency needs the area")
        if target.pk is None:
            raise ImproperlyConfigured("require() on an unsaved agency: decide government rights on the government")
        return area, target.government_id, target.pk, False
    scope = getattr(type(target), "scope", None)
    if scope is None:
        raise ImproperlyConfigured(f"{type(target).__name__} has no scope: require() cannot place it")
    government_id = _follow(target, scope.government)
    agency_id = _follow(target, scope.agency) if scope.agency is not None else None
    shared = scope.agency is None or (agency_id is None and scope.shared is not None)
    return area or scope.area, government_id, agency_id, shared


def _follow(obj, path: str):
    """Follow a lookup path such as ``document__agency`` on an instance and return the id at its end."""
    if path in ("id", "pk"):
        return obj.pk
    *steps, last = path.split("__")
    for step in steps:
        obj = getattr(obj, step)
        if obj is None:
            return None
    return getattr(obj, f"{last}_id")


def may(user, action: str, target, *, area: str | None = None) -> bool:
    """Return whether ``user`` may take ``action`` on ``target`` (no query once the user's grants are loaded)."""
    if target is None:  # nothing to act on (no government found for the user, say): nothing is allowed
        return False
    if user is SYSTEM:
        return True
    if user is None or not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", False):
        return False
    area, government_id, agency_id, shared = _locate(target, area)
    if user.is_superuser:
        return True
    if government_id is None:
        return False
    for grant in user_grants(user):
        if grant.government_id != government_id or action not in actions_for(grant.role, area):
            continue
        if grant.role not in AGENCY_ROLES:
            return True
        if agency_id is not None and agency_id in grant.agency_ids:
            return True
        if shared and action == SHARED_ACTION:
            return True
    return False


def require(user, action: str, target, *, area: str | None = None) -> None:
    """Raise ``PermissionDenied`` unless ``user`` may take ``action`` on ``target``."""
    if not may(user, action, target, area=area):
        raise PermissionDenied(_("You are not allowed to do this."))


def person(user):
    """Return the user to record as who did a thing (``entered_by``, ``reviewed_by``, ...): None for SYSTEM."""
    return None if user is SYSTEM or getattr(user, "pk", None) is None else user
