from django.urls import path

from kinerja.integrity import lkjip_views, views

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
    path("lkjip/", lkjip_views.report_list, name="lkjip_list"),
    path("lkjip/pemda/", lkjip_views.government_report, name="lkjip_government"),
    path("lkjip/terbit/<int:pk>/", lkjip_views.issued, name="lkjip_issued"),
    path("lkjip/<slug:code>/", lkjip_views.agency_report, name="lkjip_agency"),
    path("lkjip/<slug:code>/lkjip.<slug:fmt>", lkjip_views.preview, name="lkjip_preview"),
]
