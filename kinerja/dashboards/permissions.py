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

# --- the reality check ----------------------------------------------------------------------------------
# The reality check: leaders, planners, inspectors and admins see every agency of their government; an
# agency head sees the signals of the own agency (what the leadership sees of it), an operator none.
# Only inspectors (Inspektorat) and admins mark a signal reviewed.
REALITY = "reality"
REVIEW = "review"

register_area(
    REALITY,
    {
        Role.ADMIN: frozenset({VIEW, REVIEW}),
        Role.INSPECTOR: frozenset({VIEW, REVIEW}),
        Role.LEADER: READ,
        Role.PLANNER: READ,
        Role.AGENCY_HEAD: READ,
    },
)
