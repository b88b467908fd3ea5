"""Who may do what with innovations and their IID claims.

Agency heads and operators keep their agency's innovations, service measures and claims; Biro Organisasi
(service quality), Bappeda (planners) and BRIDA (Badan Riset dan Inovasi Daerah, its own role) review them
for every agency; leaders and inspectors read. Reviewing (accepting or returning an innovation or a claim) is its own action.
"""

from kinerja.core.choices import Role
from kinerja.core.permissions import ADD, ALL_ACTIONS, CHANGE, READ, VIEW, register_area

INNOVATION = "innovation"
REVIEW = "review"

register_area(
    INNOVATION,
    {
        Role.ADMIN: ALL_ACTIONS | {REVIEW},
        Role.SERVICE_QUALITY: frozenset({VIEW, REVIEW}),
        Role.PLANNER: frozenset({VIEW, REVIEW}),
        Role.BRIDA: frozenset({VIEW, REVIEW}),
        Role.INSPECTOR: READ,
        Role.LEADER: READ,
        Role.AGENCY_HEAD: frozenset({VIEW, ADD, CHANGE}),
        Role.OPERATOR: frozenset({VIEW, ADD, CHANGE}),
    },
)
