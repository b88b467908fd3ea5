"""Who may reach what: the expected answer of every route and API operation for every role.

``kinerja/core/tests/test_permission_matrix.py`` requests every route of the URL resolver (``PAGES``, keyed
by the route's name) and every operation of the OpenAPI schema (``API``, keyed "METHOD /path/") as each
role below, on the objects of ``kinerja/tests/everything.py`` (they belong to Dinas Kesehatan, "own"), and
compares the answer with the entry. A route or operation without an entry fails the suite.

The roles: ``anonymous``; the government-wide ``admin``, ``planner`` (Bappeda), ``inspector`` (Inspektorat),
``service_quality`` (Biro Organisasi), ``leader`` (governor); ``head_own``/``operator_own`` of Dinas
Kesehatan and ``head_other``/``operator_other`` of Dinas Pendidikan; ``stranger``, a planner of another
government (which has an agency coded ``dinkes`` too); ``no_role``, logged in without any membership;
``brida`` (Badan Riset dan Inovasi Daerah), government-wide but only for innovation work: it reviews every
agency's innovations and reads the plan, the organisation and the IKM, nothing else (not in GOVERNMENT_WIDE).

The answers: ``ok`` (2xx, or a redirect that is not to the login page), ``login`` (to the login page, or
the API's 401), ``denied`` (403, or 404 for a record outside the user's scope), ``invalid`` (400/409/415:
let through, the request itself refused), ``method`` (405), and for writes ``allowed`` (ok or invalid:
the role passed the permission check; the empty request the test sends may be refused as incomplete).

To add a route: write what the view and its app's ``permissions.py`` intend, with the profiles below or
``only(...)``; run ``pytest kinerja/core/tests/test_permission_matrix.py``. When the answer differs from
the intent, fix the view, not the entry. A POST-only action goes in ``POST_PAGES`` (requested with an
empty POST in a rolled-back savepoint); query parameters a page needs to reach its content in ``QUERIES``.
"""

ROLES = [
    "anonymous", "admin", "planner", "inspector", "service_quality", "leader", "head_own", "head_other",
    "operator_own", "operator_other", "stranger", "no_role", "brida",
]  # fmt: skip
OUTCOMES = ("ok", "login", "denied", "invalid", "allowed", "method")

GOVERNMENT_WIDE = ("admin", "planner", "inspector", "service_quality", "leader")
OWN = ("head_own", "operator_own")
OTHER = ("head_other", "operator_other")
HEADS = ("head_own", "head_other")
AGENCY_STAFF = OWN + OTHER


def only(*roles: str, answer: str = "ok", anonymous: str = "login") -> dict[str, str]:
    """``answer`` for the roles named, ``denied`` for every other role, ``anonymous`` for the anonymous."""
    row = {role: answer if role in roles else "denied" for role in ROLES}
    row["anonymous"] = anonymous
    return row


def writers(*roles: str) -> dict[str, str]:
    """An unsafe operation the roles named may attempt; every other role is refused."""
    return only(*roles, answer="allowed")


PUBLIC = dict.fromkeys(ROLES, "ok")
EVERYONE = only(*ROLES)  # every logged-in user (what they see is scoped)
MEMBERS = only(*GOVERNMENT_WIDE, *AGENCY_STAFF, "stranger")  # every user with a role in some government
SUMSEL = only(*GOVERNMENT_WIDE, *AGENCY_STAFF)  # every member of the fixture's government
# A record of Dinas Kesehatan: the government-wide roles and Dinkes's own staff.
DINKES = only(*GOVERNMENT_WIDE, *OWN)
# A page of an agency by its code: the stranger's own government has a "dinkes" too, which it sees.
DINKES_BY_CODE = only(*GOVERNMENT_WIDE, *OWN, "stranger")
# Pages of the whole government (boards, overviews) for the government-wide roles of any government.
GOVERNMENT_PAGES = only(*GOVERNMENT_WIDE, "stranger")
# Changing the plan: Bappeda and admins (the stranger finds no plan of Sumsel: 404).
PLAN_EDIT = only("admin", "planner")
# Starting something new in one's own government: the planner of another government may too.
PLANNERS_ANYWHERE = only("admin", "planner", "stranger")
# Changing a project of Dinkes (and its reports, milestones, obstacles): Bappeda, admins, Dinkes's staff.
DINKES_PROJECT_EDIT = only("admin", "planner", *OWN)
# Recording a new project or obstacle: every role that keeps projects, for an agency it may.
PROJECT_KEEPER_ROLES = ("admin", "planner", *AGENCY_STAFF, "stranger")
PROJECT_KEEPERS = only(*PROJECT_KEEPER_ROLES)
NOBODY = only()  # a route requested with an id no record has (the fixture makes none): the gate only
AUDIT = only("admin", "inspector")
# Supervision is read by the government-wide roles but service quality (Biro Organisasi has no part in it).
SUPERVISION_READERS = ("admin", "planner", "inspector", "leader")
DINKES_SUPERVISION = only(*SUPERVISION_READERS, *OWN)

# Innovation records of Dinkes: the government-wide roles, BRIDA (which reviews them) and Dinkes's staff.
INNOVATION_READERS = only(*GOVERNMENT_WIDE, "brida", *OWN)

POST_PAGES = {
    "core:audit_check", "core:membership_deactivate", "core:recovery_codes_renew", "core:token_create",
    "core:token_revoke", "core:two_factor_reset", "integrity:batch_start", "logout", "monitoring:bulk_submit",
    "monitoring:bulk_verify", "planning:indicator_delete", "planning:node_delete",
    "innovation:submit", "innovation:review", "innovation:claim_review",
    "dashboards:supervision_request_create",
}  # fmt: skip
# Query parameters a route needs to reach its content; "{name.attr}" is filled from the fixture's objects.
QUERIES = {
    "planning:vision_create": {"period": "{period.pk}"},
    "GET /api/v1/ikm/": {"period": "2026-S1"},
    "GET /api/v1/agencies/{id}/ikm/": {"period": "2026-S1"},
    "GET /api/v1/service-units/{id}/ikm/": {"period": "2026-S1"},
    "dashboards:supervision_request_create": {"agency": "{dinkes.pk}"},
    "monitoring:without_evidence": {"agency": "dinkes", "year": "2026"},
}

PAGES = {
    # The reality check: government-wide readers but Biro Organisasi, and agency heads (their own agency's);
    # a signal is found by its key only (none asked for here: not found).
    "dashboards:reality_check": only("admin", "planner", "inspector", "leader", *HEADS, "stranger"),
    "dashboards:reality_signal": only(),
    "home": EVERYONE,
    # The leader's home: leaders, planners and admins (another government's planner sees their own's).
    "dashboards:home": only("admin", "planner", "leader", "stranger"),
    "login": PUBLIC,  # a logged-in user is sent on
    "logout": dict.fromkeys(ROLES, "login"),  # logged out, back to the login page
    "set_language": PUBLIC,
    "api:api-root": EVERYONE,
    "api:docs": PUBLIC,  # the API's description holds no data
    "api:schema": PUBLIC,
    "api:not-found": PUBLIC,  # the JSON 404 of an address under /api/ that no route matches
    # core: accounts, users, audit
    "core:account_security": EVERYONE,  # one's own account
    "core:two_factor_enrol": EVERYONE,
    "core:two_factor_verify": EVERYONE,
    "core:recovery_codes_renew": EVERYONE,
    "core:token_create": EVERYONE,
    "core:token_revoke": NOBODY,  # a token of one's own (none here: 404 for all)
    "core:audit_list": AUDIT,
    "core:audit_detail": AUDIT,
    "core:audit_check": AUDIT,
    "core:user_list": only("admin"),
    "core:user_create": only("admin"),
    "core:membership_deactivate": only("admin"),
    "core:two_factor_reset": only("admin"),
    # planning
    "planning:tree": EVERYONE,
    "planning:period_list": EVERYONE,
    "planning:agency_list": EVERYONE,
    "planning:agency_detail": DINKES_BY_CODE,
    "planning:period_create": PLANNERS_ANYWHERE,
    "planning:period_amend": PLAN_EDIT,
    "planning:plan_export": SUMSEL,  # the plan of the government, each reader's part
    "planning:plan_template": SUMSEL,
    "planning:plan_import": PLAN_EDIT,
    "planning:vision_create": PLAN_EDIT,
    "planning:node_detail": DINKES,
    "planning:node_children": DINKES,
    "planning:indicator_detail": DINKES,
    "planning:node_create": PLAN_EDIT,
    "planning:node_edit": PLAN_EDIT,
    "planning:node_delete": PLAN_EDIT,
    "planning:nomenclature_search": PLAN_EDIT,
    "planning:indicator_create": PLAN_EDIT,
    "planning:indicator_edit": PLAN_EDIT,
    "planning:indicator_delete": PLAN_EDIT,
    "planning:indicator_targets": PLAN_EDIT,
    # monitoring
    "monitoring:my_reports": EVERYONE,
    "monitoring:bulk_submit": only("admin", *HEADS),  # agency heads submit
    "monitoring:bulk_verify": PLANNERS_ANYWHERE,  # planners verify
    "monitoring:entry": DINKES,
    "monitoring:entry_achievement": DINKES,
    "monitoring:indicator_values": DINKES,
    "monitoring:budget": DINKES,
    "monitoring:evidence": DINKES,
    "monitoring:sheet_download": DINKES,
    "monitoring:sheet_upload": only("admin", *OWN),  # entering values: the agency's own staff
    "monitoring:import_job": NOBODY,
    "monitoring:board": GOVERNMENT_PAGES,
    # an agency's verified values without evidence, by its code (the stranger's own "dinkes" has none)
    "monitoring:without_evidence": DINKES_BY_CODE,
    "dashboards:overview": GOVERNMENT_PAGES,
    "monitoring:evaluation_form": GOVERNMENT_PAGES,  # without ?agency=: the government's form
    "monitoring:periods": PLANNERS_ANYWHERE,  # managing reporting periods
    "dashboards:agency_dashboard": DINKES_BY_CODE,
    "monitoring:node_achievement": DINKES,
    # satisfaction
    "satisfaction:public_survey": PUBLIC,
    "satisfaction:public_thanks": PUBLIC,
    "satisfaction:survey_list": EVERYONE,
    # Only Dinkes has a service unit in the fixture: the others have nothing to run a survey for.
    "satisfaction:survey_create": only("admin", "service_quality", *OWN),
    "satisfaction:survey_detail": DINKES,
    "satisfaction:survey_poster": DINKES,
    "satisfaction:survey_report": DINKES,
    "satisfaction:survey_data": DINKES,
    "satisfaction:paper_template": only("admin", "service_quality", *OWN),  # entering paper questionnaires
    "satisfaction:paper_import": only("admin", "service_quality", *OWN),
    "satisfaction:survey_export": NOBODY,
    "satisfaction:survey_export_download": NOBODY,
    "satisfaction:agency_results": DINKES,  # the stranger's own "dinkes" has no survey: 404
    # integrity
    "integrity:overview": EVERYONE,
    "integrity:document": DINKES,
    "integrity:document_pdf": DINKES,
    "integrity:divisions": DINKES_BY_CODE,
    "integrity:batch_start": PLANNERS_ANYWHERE,  # preparing every agency's documents
    "integrity:batch": NOBODY,
    "integrity:verify_upload": PUBLIC,  # anyone checks a signed document
    "integrity:verify_code": PUBLIC,
    "integrity:verify_pdf": PUBLIC,
    # projects
    "projects:overview": MEMBERS,
    "projects:list": MEMBERS,
    "projects:create": PROJECT_KEEPERS,
    "projects:detail": DINKES,
    "projects:edit": DINKES_PROJECT_EDIT,
    "projects:report": DINKES_PROJECT_EDIT,
    "projects:milestone_create": DINKES_PROJECT_EDIT,
    "projects:milestone": DINKES_PROJECT_EDIT,
    "projects:oc4ids": DINKES,
    "projects:photo": NOBODY,
    "projects:milestone_evidence": NOBODY,
    "projects:obstacles": MEMBERS,
    "projects:obstacle_create": PROJECT_KEEPERS,
    "projects:obstacle": DINKES,
    "projects:obstacle_edit": DINKES_PROJECT_EDIT,
    "projects:meetings": MEMBERS,
    "projects:meeting_create": PLANNERS_ANYWHERE,
    "projects:meeting": SUMSEL,  # coordination meetings are the whole government's
    "projects:meeting_edit": PLAN_EDIT,
    "projects:directive_create": PLAN_EDIT,
    "projects:directives": MEMBERS,
    "projects:assignment": DINKES,  # a directive as Dinkes must carry it out
    "projects:directive_evidence": NOBODY,
    # innovation: agencies keep their own, Biro Organisasi and Bappeda review, leaders and the Inspektorat read
    "innovation:registry": MEMBERS,
    "innovation:registry_export": MEMBERS,
    "innovation:create": only("admin", *AGENCY_STAFF),
    "innovation:detail": DINKES,
    "innovation:edit": only("admin", *OWN),
    "innovation:submit": only("admin", *OWN),
    "innovation:review": only("admin", "planner", "service_quality"),
    "innovation:change_create": only("admin", *OWN),
    "innovation:change_edit": only("admin", *OWN),
    "innovation:claim_edit": only("admin", *OWN),
    "innovation:claim_review": only("admin", "planner", "service_quality"),
    "innovation:measure_evidence": DINKES,
    "innovation:claim_evidence": DINKES,
    "innovation:pending": only("admin", "planner", "service_quality", "stranger"),  # reviewers of any government
    "innovation:readiness": GOVERNMENT_PAGES,
    "innovation:readiness_export": GOVERNMENT_PAGES,
    "innovation:public_list": PUBLIC,  # the public catalogue
    "innovation:public_detail": PUBLIC,
    "innovation:adopt": only("admin", *OTHER),  # another agency replicates Dinkes's innovation
    # supervision (dashboards): leaders supervise, agency heads answer, operators, planners, inspectors read
    # (service quality has no part). The page lists the requests in the reader's own scope: the stranger
    # (a planner of another government) and the heads and operators of Disdik are let in and see only their
    # own government's or agency's requests (none of Dinkes's), so "ok" for them shows nothing of this one.
    "dashboards:supervision": only(*SUPERVISION_READERS, *AGENCY_STAFF, "stranger"),
    "dashboards:supervision_assignments": only("admin"),  # the administrator assigns supervisors
    # A leader assigned to the agency (the governor supervises every agency) writes to Dinkes: the empty
    # form is explained (400); any other role is refused before the form is read, the administrator too
    # (he assigns supervisors but supervises no agency himself).
    "dashboards:supervision_request_create": writers("leader"),
    "dashboards:supervision_request": DINKES_SUPERVISION,  # the governor's request to Dinkes
    "dashboards:supervision_evidence": DINKES_SUPERVISION,  # the evidence of Dinkes's answer
    "dashboards:brief_latest": only("admin", "leader"),  # the weekly brief is the leaders'
    "dashboards:brief": only("admin", "leader"),
    "dashboards:brief_pdf": only("admin", "leader"),
    # public portal: anonymous, read-only, approved data
    "portal:home": PUBLIC,
    "portal:agencies": PUBLIC,
    "portal:agency": PUBLIC,
    "portal:projects": PUBLIC,
    "portal:project": PUBLIC,  # a regional priority project: public
    "portal:photo": dict.fromkeys(ROLES, "denied"),  # an id no photo has (the fixture stores none): 404
    "portal:directives": PUBLIC,
    "portal:data": PUBLIC,
    "portal:oc4ids": PUBLIC,
    "portal:table": PUBLIC,
    # LKjIP (integrity): the list and the government's page for any member (of their own government);
    # an agency's page for whoever views its monitoring data (the stranger finds its own "dinkes").
    "integrity:lkjip_list": MEMBERS,
    "integrity:lkjip_government": MEMBERS,
    "integrity:lkjip_agency": DINKES_BY_CODE,
    "integrity:lkjip_preview": GOVERNMENT_PAGES,  # the government's ("pemda") preview: integrity's readers
    "integrity:lkjip_issued": DINKES,  # Dinkes's issued report
}

API = {
    "GET /api/v1/reality-check/": EVERYONE,  # a list: who may see no agency's signals gets none
    # core
    "POST /api/v1/auth/token/": dict.fromkeys(ROLES, "allowed"),  # exchanging a password needs no session
    "GET /api/v1/auth/tokens/": EVERYONE,
    "DELETE /api/v1/auth/tokens/{token_key}/": NOBODY,
    "GET /api/v1/agencies/": EVERYONE,
    "GET /api/v1/agencies/{id}/": DINKES,
    "GET /api/v1/service-units/": EVERYONE,
    "GET /api/v1/service-units/{id}/": DINKES,
    # planning
    "GET /api/v1/plan-periods/": EVERYONE,
    "GET /api/v1/plan-periods/{id}/": SUMSEL,
    "POST /api/v1/plan-periods/{id}/amend/": writers("admin", "planner"),
    "GET /api/v1/plan-nodes/": EVERYONE,
    "POST /api/v1/plan-nodes/": writers("admin", "planner", "stranger"),
    "GET /api/v1/plan-nodes/{id}/": DINKES,
    "PUT /api/v1/plan-nodes/{id}/": writers("admin", "planner"),
    "PATCH /api/v1/plan-nodes/{id}/": writers("admin", "planner"),
    "DELETE /api/v1/plan-nodes/{id}/": writers("admin", "planner"),
    "GET /api/v1/indicators/": EVERYONE,
    "POST /api/v1/indicators/": writers("admin", "planner", "stranger"),
    "GET /api/v1/indicators/{id}/": DINKES,
    "PUT /api/v1/indicators/{id}/": writers("admin", "planner"),
    "PATCH /api/v1/indicators/{id}/": writers("admin", "planner"),
    "DELETE /api/v1/indicators/{id}/": writers("admin", "planner"),
    "GET /api/v1/targets/": EVERYONE,
    "POST /api/v1/targets/": writers("admin", "planner", "stranger"),
    "GET /api/v1/targets/{id}/": DINKES,
    "PUT /api/v1/targets/{id}/": writers("admin", "planner"),
    "PATCH /api/v1/targets/{id}/": writers("admin", "planner"),
    "DELETE /api/v1/targets/{id}/": writers("admin", "planner"),
    # monitoring: operators enter, heads submit, planners verify or return
    "GET /api/v1/reporting-periods/": EVERYONE,
    "GET /api/v1/reporting-periods/{id}/": SUMSEL,
    "GET /api/v1/realizations/": EVERYONE,
    "POST /api/v1/realizations/": writers("admin", *AGENCY_STAFF),
    "GET /api/v1/realizations/{id}/": DINKES,
    "PUT /api/v1/realizations/{id}/": writers("admin", *OWN),
    "PATCH /api/v1/realizations/{id}/": writers("admin", *OWN),
    "POST /api/v1/realizations/{id}/submit/": writers("admin", "head_own"),
    "POST /api/v1/realizations/{id}/verify/": writers("admin", "planner"),
    "POST /api/v1/realizations/{id}/return/": writers("admin", "planner"),
    "POST /api/v1/realizations/{id}/correct/": writers("admin", *OWN),
    "POST /api/v1/realizations/{id}/evidence/": writers("admin", *OWN),
    "GET /api/v1/budgets/": EVERYONE,
    "POST /api/v1/budgets/": writers("admin", "planner", "stranger"),  # the ceiling (pagu) is Bappeda's
    "GET /api/v1/budgets/{id}/": DINKES,
    "GET /api/v1/budget-months/": EVERYONE,
    "POST /api/v1/budget-months/": writers("admin", *AGENCY_STAFF),  # the agency's cash plan and spending
    "GET /api/v1/budget-months/{id}/": DINKES,
    "GET /api/v1/indicators/{id}/achievement/": DINKES,
    "GET /api/v1/agencies/{id}/achievement/": DINKES,
    # satisfaction
    "GET /api/v1/surveys/": EVERYONE,
    "POST /api/v1/surveys/": writers("admin", "service_quality", *AGENCY_STAFF),
    "GET /api/v1/surveys/{id}/": DINKES,
    "PATCH /api/v1/surveys/{id}/": writers("admin", "service_quality", *OWN),
    "GET /api/v1/service-units/{id}/ikm/": DINKES,
    "GET /api/v1/agencies/{id}/ikm/": DINKES,
    "GET /api/v1/ikm/": EVERYONE,
    "GET /api/v1/kiosk/surveys/": NOBODY,  # for kiosk devices with their key, not for users
    "POST /api/v1/kiosk/responses/": NOBODY,
    # integrity
    "GET /api/v1/signed-documents/": EVERYONE,
    "GET /api/v1/signed-documents/{id}/": DINKES,
    "GET /api/v1/signed-documents/{id}/pdf/": DINKES,
    "POST /api/v1/verify/": dict.fromkeys(ROLES, "allowed"),  # anyone checks a signed document
    # projects
    "GET /api/v1/projects/": EVERYONE,
    "POST /api/v1/projects/": writers(*PROJECT_KEEPER_ROLES),
    "GET /api/v1/projects/{id}/": DINKES,
    "PATCH /api/v1/projects/{id}/": writers("admin", "planner", *OWN),
    "GET /api/v1/projects/{id}/oc4ids/": DINKES,
    "GET /api/v1/milestones/": EVERYONE,
    "POST /api/v1/milestones/": writers(*PROJECT_KEEPER_ROLES),
    "GET /api/v1/milestones/{id}/": DINKES,
    "PATCH /api/v1/milestones/{id}/": writers("admin", "planner", *OWN),
    "GET /api/v1/progress-reports/": EVERYONE,
    "POST /api/v1/progress-reports/": writers(*PROJECT_KEEPER_ROLES),
    "GET /api/v1/progress-reports/{id}/": DINKES,
    "PATCH /api/v1/progress-reports/{id}/": writers("admin", "planner", *OWN),
    "GET /api/v1/obstacles/": EVERYONE,
    "POST /api/v1/obstacles/": writers(*PROJECT_KEEPER_ROLES),
    "GET /api/v1/obstacles/{id}/": DINKES,
    "PATCH /api/v1/obstacles/{id}/": writers("admin", "planner", *OWN),
    "POST /api/v1/obstacles/{id}/status/": writers("admin", "planner", *OWN),
    "GET /api/v1/follow-ups/": EVERYONE,
    "POST /api/v1/follow-ups/": writers(*PROJECT_KEEPER_ROLES),
    "GET /api/v1/follow-ups/{id}/": DINKES,
    "PATCH /api/v1/follow-ups/{id}/": writers("admin", "planner", *OWN),
    "GET /api/v1/meetings/": EVERYONE,
    "POST /api/v1/meetings/": writers("admin", "planner", "stranger"),
    "GET /api/v1/meetings/{id}/": SUMSEL,
    "PATCH /api/v1/meetings/{id}/": writers("admin", "planner"),
    "GET /api/v1/directives/": EVERYONE,
    "POST /api/v1/directives/": writers("admin", "planner", "stranger"),
    "GET /api/v1/directives/{id}/": SUMSEL,
    "GET /api/v1/directive-assignments/": EVERYONE,
    "GET /api/v1/directive-assignments/{id}/": DINKES,
    "POST /api/v1/directive-assignments/{id}/report/": writers("admin", "planner", *OWN),  # the agency addressed
    # innovation
    "GET /api/v1/innovations/": EVERYONE,
    "GET /api/v1/innovations/{id}/": DINKES,
    "GET /api/v1/innovation-claims/": EVERYONE,
    "POST /api/v1/innovation-claims/": writers("admin", *AGENCY_STAFF),
    "GET /api/v1/innovation-claims/{id}/": DINKES,
    "POST /api/v1/innovation-claims/{id}/review/": writers("admin", "planner", "service_quality", "brida"),
    "POST /api/v1/innovations/": writers("admin", *AGENCY_STAFF),
    "PATCH /api/v1/innovations/{id}/": writers("admin", *OWN),
    "GET /api/v1/innovation-services/": EVERYONE,
    "POST /api/v1/innovation-services/": writers("admin", *AGENCY_STAFF),
    "GET /api/v1/innovation-services/{id}/": INNOVATION_READERS,
    "PATCH /api/v1/innovation-services/{id}/": writers("admin", *OWN),
    "DELETE /api/v1/innovation-services/{id}/": writers("admin", *OWN),
    "GET /api/v1/innovation-measures/": EVERYONE,
    "POST /api/v1/innovation-measures/": writers("admin", *AGENCY_STAFF),
    "GET /api/v1/innovation-measures/{id}/": INNOVATION_READERS,
    "PATCH /api/v1/innovation-measures/{id}/": writers("admin", *OWN),
    "DELETE /api/v1/innovation-measures/{id}/": writers("admin", *OWN),
    # supervision: every list is scoped (empty for those without a part); the permission is checked before
    # the body: only the administrator assigns, only leaders send, the head answers, the sender decides.
    "GET /api/v1/supervision-assignments/": EVERYONE,
    "POST /api/v1/supervision-assignments/": writers("admin"),
    # The governor's assignment covers the whole government: no agency's staff sees it.
    "GET /api/v1/supervision-assignments/{id}/": only(*SUPERVISION_READERS),
    "POST /api/v1/supervision-assignments/{id}/end/": writers("admin"),
    "GET /api/v1/supervision-requests/": EVERYONE,
    # The administrator holds the right to send; which agency he may send to (none: he is assigned none)
    # is in the body, so his empty request is explained as incomplete.
    "POST /api/v1/supervision-requests/": writers("admin", "leader"),
    "GET /api/v1/supervision-requests/{id}/": DINKES_SUPERVISION,
    "POST /api/v1/supervision-requests/{id}/answer/": writers("head_own"),  # the head of the agency asked
    "POST /api/v1/supervision-requests/{id}/close/": writers("leader"),  # only the supervisor who sent it
    "POST /api/v1/supervision-requests/{id}/reopen/": writers("leader"),
}

# BRIDA: outside GOVERNMENT_WIDE (it has no part in monitoring, projects, integrity or supervision), so every
# entry above refuses it unless named here: what its reads (innovation, plan, organisation, IKM) and its
# review right open. The pages and operations of other apps listed last gate on reading the plan or on
# being a member of the government, and show BRIDA only what those reads give (scoped lists: none of the
# projects', meetings' or directives' rows; the achievement computed from the plan's indicators).
BRIDA_ALLOWED = {
    # innovation: reads every agency's, reviews (the POST-only reviews redirect back to the record)
    "innovation:registry", "innovation:registry_export", "innovation:detail", "innovation:pending",
    "innovation:readiness", "innovation:readiness_export", "innovation:review", "innovation:claim_review",
    "innovation:measure_evidence", "innovation:claim_evidence",
    "GET /api/v1/innovations/{id}/", "GET /api/v1/innovation-claims/{id}/",
    # the plan and the organisation (the innovation's plan node, sub-activity, agency and service unit)
    "planning:agency_detail", "planning:node_detail", "planning:node_children", "planning:indicator_detail",
    "planning:plan_export", "planning:plan_template",
    "GET /api/v1/agencies/{id}/", "GET /api/v1/service-units/{id}/", "GET /api/v1/plan-periods/{id}/",
    "GET /api/v1/plan-nodes/{id}/", "GET /api/v1/indicators/{id}/", "GET /api/v1/targets/{id}/",
    # the IKM before and after an innovation (satisfaction reads)
    "satisfaction:agency_results", "satisfaction:survey_detail", "satisfaction:survey_poster",
    "satisfaction:survey_report", "satisfaction:survey_data",
    "GET /api/v1/agencies/{id}/ikm/", "GET /api/v1/service-units/{id}/ikm/", "GET /api/v1/surveys/{id}/",
    # other apps' pages gated on reading the plan or on membership (see above)
    "dashboards:overview", "monitoring:board", "monitoring:evaluation_form", "monitoring:node_achievement",
    "GET /api/v1/agencies/{id}/achievement/", "GET /api/v1/indicators/{id}/achievement/",
    "projects:overview", "projects:list", "projects:obstacles", "projects:meetings", "projects:directives",
    "integrity:lkjip_list", "integrity:lkjip_government", "integrity:divisions",
}  # fmt: skip
for _key in BRIDA_ALLOWED:
    _table = PAGES if _key in PAGES else API
    _table[_key] = {**_table[_key], "brida": "ok"}
