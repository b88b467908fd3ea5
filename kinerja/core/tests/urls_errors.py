"""The application's URLs plus views that fail, to see the error pages as production serves them."""

from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.urls import path

from kinerja.urls import urlpatterns as application


def fails(request):
    raise RuntimeError("a bug")


def suspicious(request):
    raise SuspiciousOperation("a damaged request")


def forbidden(request):
    raise PermissionDenied


urlpatterns = [
    path("test-errors/500/", fails),
    path("test-errors/400/", suspicious),
    path("test-errors/403/", forbidden),
    *application,
]
