from django.urls import path

from kinerja.portal import views

app_name = "portal"

urlpatterns = [
    path("publik/", views.home, name="home"),
    path("publik/opd/", views.agencies, name="agencies"),
    path("publik/opd/<slug:code>/", views.agency, name="agency"),
    path("publik/proyek/", views.projects, name="projects"),
    path("publik/proyek/<int:pk>/", views.project, name="project"),
    path("publik/foto/<int:pk>/", views.photo, name="photo"),
    path("publik/arahan/", views.directives, name="directives"),
    path("publik/data/", views.data, name="data"),
    path("publik/data/oc4ids.json", views.oc4ids_package, name="oc4ids"),
    path("publik/data/<slug:name>.<slug:fmt>", views.table, name="table"),
]
