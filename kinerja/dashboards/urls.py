from django.urls import path

from kinerja.dashboards import home, reality_views, views
from kinerja.dashboards.supervision_urls import urlpatterns as supervision_urlpatterns

app_name = "dashboards"

urlpatterns = [
    path("beranda/", home.leader_home, name="home"),  # the leader's home (also at / for leaders and planners)
    path("dashboard/", views.overview, name="overview"),
    path("dashboard/agencies/<slug:code>/", views.agency_dashboard, name="agency_dashboard"),
]
urlpatterns += supervision_urlpatterns  # supervision and the weekly brief

# The reality check (reality_views.py).
urlpatterns += [
    path("cek-realitas/", reality_views.reality_check, name="reality_check"),
    path("cek-realitas/sinyal/", reality_views.reality_signal, name="reality_signal"),
]
