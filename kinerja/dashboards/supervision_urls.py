from django.urls import path

from kinerja.dashboards import brief_views, supervision_views

urlpatterns = [
    path("pimpinan/supervisi/", supervision_views.supervision_home, name="supervision"),
    path(
        "pimpinan/supervisi/permintaan/baru/",
        supervision_views.supervision_request_create,
        name="supervision_request_create",
    ),
    path(
        "pimpinan/supervisi/permintaan/<int:pk>/",
        supervision_views.supervision_request_detail,
        name="supervision_request",
    ),
    path("pimpinan/supervisi/bukti/<int:pk>/", supervision_views.supervision_evidence, name="supervision_evidence"),
    path("pimpinan/supervisi/penugasan/", supervision_views.supervision_assignments, name="supervision_assignments"),
    path("pimpinan/ringkasan/", brief_views.brief_latest, name="brief_latest"),
    path("pimpinan/ringkasan/<str:week>/", brief_views.brief_page, name="brief"),
    path("pimpinan/ringkasan/<str:week>/ringkasan.pdf", brief_views.brief_pdf, name="brief_pdf"),
]
