"""Who may do what with projects, obstacles, meetings and directives.

Agency heads and operators keep their agency's projects, progress reports and obstacles and report
follow-ups of the directives addressed to their agency; planners (Bappeda) keep every project and the
coordination meetings with their directives; leaders and inspectors read everything.
"""

from kinerja.core.choices import Role
from kinerja.core.permissions import ADD, ALL_ACTIONS, CHANGE, READ, VIEW, register_area

PROJECTS = "projects"
DIRECTIVES = "directives"
REPORT = "report"

register_area(
    PROJECTS,
    {
        Role.ADMIN: ALL_ACTIONS,
        Role.PLANNER: frozenset({VIEW, ADD, CHANGE}),
        Role.INSPECTOR: READ,
        Role.LEADER: READ,
        Role.SERVICE_QUALITY: READ,
        Role.AGENCY_HEAD: frozenset({VIEW, ADD, CHANGE}),
        Role.OPERATOR: frozenset({VIEW, ADD, CHANGE}),
    },
)
register_area(
    DIRECTIVES,
    {
        Role.ADMIN: ALL_ACTIONS | {REPORT},
        Role.PLANNER: frozenset({VIEW, ADD, CHANGE, REPORT}),
        Role.INSPECTOR: READ,
        Role.LEADER: READ,
        Role.SERVICE_QUALITY: READ,
        Role.AGENCY_HEAD: frozenset({VIEW, REPORT}),
        Role.OPERATOR: frozenset({VIEW, REPORT}),
    },
)
