"""Who may do what with performance agreements and integrity pacts: planners (Bappeda) prepare the
agreements, an agency head prepares and signs the agency's, leaders and the Inspektorat read everything.
Signing itself is checked against the document's parties (services.document_sign), not only the role."""

from kinerja.core.choices import Role
from kinerja.core.permissions import ADD, ALL_ACTIONS, CHANGE, READ, VIEW, register_area

INTEGRITY = "integrity"
SIGN = "sign"

register_area(
    INTEGRITY,
    {
        Role.ADMIN: ALL_ACTIONS | {SIGN},
        Role.PLANNER: ALL_ACTIONS,
        Role.INSPECTOR: READ,
        Role.LEADER: READ | {SIGN},
        Role.AGENCY_HEAD: frozenset({VIEW, ADD, CHANGE, SIGN}),
        Role.OPERATOR: frozenset({VIEW}),
        Role.SERVICE_QUALITY: frozenset({VIEW}),
    },
)
