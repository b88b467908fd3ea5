from django.urls import path

from kinerja.innovation import views

app_name = "innovation"

urlpatterns = [
    path("inovasi/", views.public_list, name="public_list"),
    path("inovasi/<int:pk>/", views.public_detail, name="public_detail"),
    path("inovasi/<int:pk>/replikasi/", views.adopt, name="adopt"),
    path("registri-inovasi/", views.registry, name="registry"),
    path("registri-inovasi/ekspor.xlsx", views.registry_export, name="registry_export"),
    path("registri-inovasi/baru/", views.edit, name="create"),
    path("registri-inovasi/telaah/", views.pending, name="pending"),
    path("registri-inovasi/kesiapan/", views.readiness, name="readiness"),
    path("registri-inovasi/kesiapan/iga.xlsx", views.readiness_export, name="readiness_export"),
    path("registri-inovasi/<int:pk>/", views.detail, name="detail"),
    path("registri-inovasi/<int:pk>/ubah/", views.edit, name="edit"),
    path("registri-inovasi/<int:pk>/ajukan/", views.submit, name="submit"),
    path("registri-inovasi/<int:pk>/telaah/", views.review, name="review"),
    path("registri-inovasi/<int:pk>/layanan/baru/", views.change_edit, name="change_create"),
    path("registri-inovasi/<int:pk>/layanan/<int:change_pk>/", views.change_edit, name="change_edit"),
    path("registri-inovasi/<int:pk>/klaim/<int:indicator_pk>/", views.claim_edit, name="claim_edit"),
    path("registri-inovasi/klaim/<int:pk>/telaah/", views.claim_review, name="claim_review"),
    path("registri-inovasi/bukti-ukuran/<int:pk>/", views.measure_evidence, name="measure_evidence"),
    path("registri-inovasi/bukti-klaim/<int:pk>/", views.claim_evidence, name="claim_evidence"),
]
