from django.urls import path

from kinerja.satisfaction import views

app_name = "satisfaction"

urlpatterns = [
    path("s/<str:code>/", views.public_survey, name="public_survey"),
    path("s/<str:code>/terima-kasih/", views.public_thanks, name="public_thanks"),
    path("satisfaction/", views.survey_list, name="survey_list"),
    path("satisfaction/new/", views.survey_create, name="survey_create"),
    path("satisfaction/<int:pk>/", views.survey_detail, name="survey_detail"),
    path("satisfaction/<int:pk>/poster.pdf", views.survey_poster, name="survey_poster"),
    path("satisfaction/<int:pk>/report.pdf", views.survey_report, name="survey_report"),
    path("satisfaction/<int:pk>/data.xlsx", views.survey_data, name="survey_data"),
    path("satisfaction/<int:pk>/paper.xlsx", views.paper_template, name="paper_template"),
    path("satisfaction/<int:pk>/import/", views.paper_import, name="paper_import"),
    path("satisfaction/exports/<int:pk>/", views.survey_export, name="survey_export"),
    path("satisfaction/exports/<int:pk>/download/", views.survey_export_download, name="survey_export_download"),
    path("satisfaction/agencies/<slug:code>/", views.agency_results, name="agency_results"),
]
