from django.urls import path

from kinerja.integrity import views

app_name = "integrity"

urlpatterns = [
    path("integritas/", views.overview, name="overview"),
    path("integritas/dokumen/<int:pk>/", views.document_detail, name="document"),
    path("integritas/dokumen/<int:pk>/unduh.pdf", views.document_pdf, name="document_pdf"),
    path("integritas/bidang/<slug:code>/", views.divisions, name="divisions"),
    path("integritas/siapkan/", views.batch_start, name="batch_start"),
    path("integritas/siapkan/<int:pk>/", views.batch_detail, name="batch"),
    path("verifikasi/", views.verify_upload, name="verify_upload"),
    path("verifikasi/<str:code>/", views.verify_code, name="verify_code"),
    path("verifikasi/<str:code>/dokumen.pdf", views.verify_pdf, name="verify_pdf"),
]
