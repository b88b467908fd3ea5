"""Who may do what with realizations, budgets and reporting periods.

Operators enter drafts and evidence for their agency; agency heads also submit; planners verify or
return and manage reporting periods; inspectors and leaders read; admins do everything.
"""

from kinerja.core.choices import Role
from kinerja.core.permissions import ADD, ALL_ACTIONS, CHANGE, READ, VIEW, register_area

MONITORING = "monitoring"
SUBMIT = "submit"
VERIFY = "verify"
MANAGE_PERIODS = "manage_periods"
# The budget ceiling (pagu) is the planning and budgeting team's figure, not the agency's: operators and
# heads enter the cash plan, spending and progress within it.
SET_CEILING = "set_ceiling"

register_area(
    MONITORING,
    {
        Role.ADMIN: ALL_ACTIONS | {SUBMIT, VERIFY, MANAGE_PERIODS, SET_CEILING},
        Role.PLANNER: frozenset({VIEW, VERIFY, MANAGE_PERIODS, SET_CEILING}),
        Role.INSPECTOR: READ,
        Role.LEADER: READ,
        Role.SERVICE_QUALITY: READ,
        Role.AGENCY_HEAD: frozenset({VIEW, ADD, CHANGE, SUBMIT}),
        Role.OPERATOR: frozenset({VIEW, ADD, CHANGE}),
    },
)
