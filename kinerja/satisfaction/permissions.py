"""Who may do what with surveys: service-quality officers (Biro Organisasi) manage them for every agency;
agency heads and operators manage their own units' surveys and enter paper questionnaires; planners,
inspectors and leaders read. The public answers without an account (see views.public_survey)."""

from kinerja.core.choices import Role
from kinerja.core.permissions import ADD, ALL_ACTIONS, CHANGE, READ, VIEW, register_area

SATISFACTION = "satisfaction"
MODERATE = "moderate"

register_area(
    SATISFACTION,
    {
        Role.ADMIN: ALL_ACTIONS | {MODERATE},
        Role.SERVICE_QUALITY: ALL_ACTIONS | {MODERATE},
        Role.PLANNER: READ,
        Role.BRIDA: READ,  # what an innovation review needs: the plan, the organisation, the IKM
        Role.INSPECTOR: READ,
        Role.LEADER: READ,
        Role.AGENCY_HEAD: frozenset({VIEW, ADD, CHANGE}),
        Role.OPERATOR: frozenset({VIEW, ADD, CHANGE}),
    },
)
