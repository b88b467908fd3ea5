"""Who may do what on the dashboards app's own data (areas registered here, never in core)."""

from kinerja.core.choices import Role
from kinerja.core.permissions import ADD, ALL_ACTIONS, CHANGE, READ, VIEW, register_area

# --- supervision (the vice-governor's and the Sekda's supervision of agencies) -------------------------
# Leaders send requests ("add") and close or reopen them ("change") for the agencies assigned to them
# (the service checks the assignment); the agency head answers ("answer"); operators, planners and
# inspectors read; the administrator assigns supervisors ("assign"). "brief" is reading the weekly brief.
SUPERVISION = "supervision"
ANSWER = "answer"
ASSIGN = "assign"
BRIEF = "brief"

register_area(
    SUPERVISION,
    {
        Role.ADMIN: ALL_ACTIONS | {ASSIGN, BRIEF},
        Role.LEADER: frozenset({VIEW, ADD, CHANGE, BRIEF}),
        Role.AGENCY_HEAD: frozenset({VIEW, ANSWER}),
        Role.OPERATOR: READ,
        Role.PLANNER: READ,
        Role.INSPECTOR: READ,
    },
)
# --- end of supervision -----------------------------------------------------------------------------------
