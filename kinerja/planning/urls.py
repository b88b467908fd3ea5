from django.urls import path

from kinerja.planning import views

app_name = "planning"

urlpatterns = [
    path("plan/", views.tree, name="tree"),
    path("plan/periods/", views.period_list, name="period_list"),
    path("plan/periods/new/", views.period_create, name="period_create"),
    path("plan/periods/<int:pk>/amend/", views.period_amend, name="period_amend"),
    path("plan/periods/<int:pk>/export.xlsx", views.plan_export, name="plan_export"),
    path("plan/periods/<int:pk>/template.xlsx", views.plan_template, name="plan_template"),
    path("plan/periods/<int:pk>/import/", views.plan_import, name="plan_import"),
    path("plan/nodes/new/", views.node_create, name="vision_create"),
    path("plan/nodes/<int:pk>/", views.node_detail, name="node_detail"),
    path("plan/nodes/<int:pk>/children/", views.node_children, name="node_children"),
    path("plan/nodes/<int:pk>/add/", views.node_create, name="node_create"),
    path("plan/nodes/<int:pk>/nomenclature/", views.nomenclature_search, name="nomenclature_search"),
    path("plan/nodes/<int:pk>/edit/", views.node_edit, name="node_edit"),
    path("plan/nodes/<int:pk>/delete/", views.node_delete, name="node_delete"),
    path("plan/nodes/<int:pk>/indicators/add/", views.indicator_create, name="indicator_create"),
    path("plan/indicators/<int:pk>/", views.indicator_detail, name="indicator_detail"),
    path("plan/indicators/<int:pk>/edit/", views.indicator_edit, name="indicator_edit"),
    path("plan/indicators/<int:pk>/delete/", views.indicator_delete, name="indicator_delete"),
    path("plan/indicators/<int:pk>/targets/", views.indicator_targets, name="indicator_targets"),
    path("agencies/", views.agency_list, name="agency_list"),
    path("agencies/<slug:code>/", views.agency_detail, name="agency_detail"),
]
