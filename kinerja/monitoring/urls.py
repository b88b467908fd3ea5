from django.urls import path

from kinerja.monitoring import views

app_name = "monitoring"

urlpatterns = [
    path("reports/", views.my_reports, name="my_reports"),
    path("reports/submit/", views.bulk_submit, name="bulk_submit"),
    path("reports/verify/", views.bulk_verify, name="bulk_verify"),
    path("reports/<int:indicator_id>/<int:period_id>/", views.entry, name="entry"),
    path("reports/<int:indicator_id>/<int:period_id>/achievement/", views.entry_achievement, name="entry_achievement"),
    path("reports/board/", views.board, name="board"),
    path("reports/without-evidence/", views.without_evidence, name="without_evidence"),
    path("reports/indicators/<int:pk>/", views.indicator_values, name="indicator_values"),
    path("reports/budgets/<int:pk>/", views.budget, name="budget"),
    path("reports/periods/", views.periods, name="periods"),
    path("evidence/<int:pk>/", views.evidence_download, name="evidence"),
    path("reports/sheet/<slug:code>/<int:period_id>/", views.sheet_download, name="sheet_download"),
    path("reports/sheet/<slug:code>/<int:period_id>/upload/", views.sheet_upload, name="sheet_upload"),
    path("reports/imports/<int:pk>/", views.import_job, name="import_job"),
    path("dashboard/evaluation.xlsx", views.evaluation_form, name="evaluation_form"),
    path("dashboard/nodes/<int:pk>/", views.node_achievement, name="node_achievement"),
]
