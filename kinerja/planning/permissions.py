from kinerja.core.choices import Role
from kinerja.core.permissions import ALL_ACTIONS, READ, register_area

PLANNING = "planning"

register_area(
    PLANNING,
    {
        Role.ADMIN: ALL_ACTIONS,
        Role.PLANNER: ALL_ACTIONS,
        Role.BRIDA: READ,  # what an innovation review needs: the plan, the organisation, the IKM
        Role.INSPECTOR: READ,
        Role.SERVICE_QUALITY: READ,
        Role.LEADER: READ,
        Role.AGENCY_HEAD: READ,
        Role.OPERATOR: READ,
    },
)
