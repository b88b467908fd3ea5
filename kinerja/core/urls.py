from django.urls import path

from kinerja.core import views

app_name = "core"

urlpatterns = [
    path("audit/", views.audit_list, name="audit_list"),
    path("audit/<int:sequence>/", views.audit_detail, name="audit_detail"),
    path("users/", views.user_list, name="user_list"),
    path("users/new/", views.user_create, name="user_create"),
    path("memberships/<int:pk>/deactivate/", views.membership_deactivate, name="membership_deactivate"),
]
