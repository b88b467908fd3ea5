"""What each role may do, per area of data.

Apps register the areas they own (``register_area``) so that core never imports them. Scope (which
agency's rows) is applied separately by ``RestrictedQuerySet.restrict``.
"""

from kinerja.core.choices import Role

VIEW, ADD, CHANGE, DELETE = "view", "add", "change", "delete"
ALL_ACTIONS = frozenset({VIEW, ADD, CHANGE, DELETE})
READ = frozenset({VIEW})

ORGANISATION = "organisation"
AUDIT = "audit"
USERS = "users"

_ROLE_ACTIONS: dict[str, dict[str, frozenset[str]]] = {}


def register_area(area: str, actions_by_role: dict[str, frozenset[str]]) -> None:
    """Declare which actions each role may take on the data of ``area`` (roles left out may do nothing)."""
    for role in Role.values:
        _ROLE_ACTIONS.setdefault(role, {})[area] = frozenset(actions_by_role.get(role, frozenset()))


def actions_for(role: str, area: str) -> frozenset[str]:
    """Return the actions ``role`` may take on ``area``."""
    return _ROLE_ACTIONS.get(role, {}).get(area, frozenset())


register_area(
    ORGANISATION,
    {
        Role.ADMIN: ALL_ACTIONS,
        Role.PLANNER: READ,
        Role.BRIDA: READ,  # what an innovation review needs: the plan, the organisation, the IKM
        Role.INSPECTOR: READ,
        Role.SERVICE_QUALITY: READ,
        Role.LEADER: READ,
        Role.AGENCY_HEAD: READ,
        Role.OPERATOR: READ,
    },
)
register_area(AUDIT, {Role.ADMIN: READ, Role.INSPECTOR: READ})
register_area(USERS, {Role.ADMIN: ALL_ACTIONS})
