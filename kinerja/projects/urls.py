from django.urls import path

from kinerja.projects import views

app_name = "projects"

urlpatterns = [
    path("proyek/", views.overview, name="overview"),
    path("proyek/daftar/", views.project_list, name="list"),
    path("proyek/baru/", views.project_edit, name="create"),
    path("proyek/<int:pk>/", views.project_detail, name="detail"),
    path("proyek/<int:pk>/ubah/", views.project_edit, name="edit"),
    path("proyek/<int:pk>/laporan/", views.report_edit, name="report"),
    path("proyek/<int:pk>/tonggak/", views.milestone_edit, name="milestone_create"),
    path("proyek/<int:pk>/tonggak/<int:milestone_pk>/", views.milestone_edit, name="milestone"),
    path("proyek/<int:pk>/oc4ids.json", views.oc4ids_export, name="oc4ids"),
    path("proyek/foto/<int:pk>/", views.photo, name="photo"),
    path("proyek/bukti-tonggak/<int:pk>/", views.milestone_evidence, name="milestone_evidence"),
    path("hambatan/", views.obstacle_list, name="obstacles"),
    path("hambatan/baru/", views.obstacle_edit, name="obstacle_create"),
    path("hambatan/<int:pk>/", views.obstacle_detail, name="obstacle"),
    path("hambatan/<int:pk>/ubah/", views.obstacle_edit, name="obstacle_edit"),
    path("rapat/", views.meeting_list, name="meetings"),
    path("rapat/baru/", views.meeting_edit, name="meeting_create"),
    path("rapat/<int:pk>/", views.meeting_detail, name="meeting"),
    path("rapat/<int:pk>/ubah/", views.meeting_edit, name="meeting_edit"),
    path("rapat/<int:pk>/arahan/baru/", views.directive_create, name="directive_create"),
    path("arahan/", views.my_directives, name="directives"),
    path("arahan/<int:pk>/", views.assignment_detail, name="assignment"),
    path("arahan/bukti/<int:pk>/", views.directive_evidence, name="directive_evidence"),
]
