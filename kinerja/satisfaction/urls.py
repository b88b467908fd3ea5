from django.urls import path

from kinerja.satisfaction import views

app_name = "satisfaction"

urlpatterns = [
    path("s/<str:code>/", views.public_survey, name="public_survey"),
    path("s/<str:code>/terima-kasih/", views.public_thanks, name="public_thanks"),
    path("satisfaction/", views.survey_list, name="survey_list"),
    path("satisfaction/new/", views.survey_create, name="survey_create"),
    path("satisfaction/<int:pk>/", views.survey_detail, name="survey_detail"),
    path("satisfaction/agencies/<slug:code>/", views.agency_results, name="agency_results"),
]
