from django.urls import path

from kinerja.dashboards import home
from kinerja.dashboards.supervision_urls import urlpatterns as supervision_urlpatterns

app_name = "dashboards"

urlpatterns = [
    path("beranda/", home.leader_home, name="home"),  # the leader's home (also at / for leaders and planners)
]
urlpatterns += supervision_urlpatterns  # supervision and the weekly brief
