from kinerja.dashboards.supervision_urls import urlpatterns as supervision_urlpatterns

app_name = "dashboards"

urlpatterns = []
urlpatterns += supervision_urlpatterns  # supervision and the weekly brief
