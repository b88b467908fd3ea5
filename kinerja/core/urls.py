from django.urls import path

from kinerja.core import account_views, views

app_name = "core"

urlpatterns = [
    path("audit/", views.audit_list, name="audit_list"),
    path("audit/<int:sequence>/", views.audit_detail, name="audit_detail"),
    path("audit/check/", views.audit_check, name="audit_check"),
    path("users/", views.user_list, name="user_list"),
    path("users/new/", views.user_create, name="user_create"),
    path("memberships/<int:pk>/deactivate/", views.membership_deactivate, name="membership_deactivate"),
]

urlpatterns += [
    path("login/verifikasi/", account_views.two_factor_verify, name="two_factor_verify"),
    path("akun/keamanan/", account_views.account_security, name="account_security"),
    path("akun/keamanan/aktifkan/", account_views.two_factor_enrol, name="two_factor_enrol"),
    path("akun/keamanan/kode-pemulihan/", account_views.recovery_codes_renew, name="recovery_codes_renew"),
    path("akun/token/baru/", account_views.token_create, name="token_create"),
    path("akun/token/<str:token_key>/cabut/", account_views.token_revoke, name="token_revoke"),
    path("users/<int:pk>/2fa/reset/", account_views.two_factor_reset, name="two_factor_reset"),
]
