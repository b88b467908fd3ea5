"""One error shape for the whole API: ``{"message": ..., "extra": {"fields": ...}}``."""

from django.core.exceptions import BadRequest
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.serializers import as_serializer_error
from rest_framework.views import exception_handler as drf_exception_handler

from kinerja.core.params import InvalidParameter
from kinerja.core.services import ConflictError


def exception_handler(exc, context):
    if isinstance(exc, InvalidParameter):  # a malformed query parameter (kinerja.core.params)
        return Response(
            {"message": exc.message, "extra": {"fields": {exc.name: [exc.message]}}}, status=status.HTTP_400_BAD_REQUEST
        )
    if isinstance(exc, BadRequest):
        return Response({"message": str(exc) or _("Bad request."), "extra": {"fields": {}}}, status=400)
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(as_serializer_error(exc))
    if isinstance(exc, Http404):
        exc = exceptions.NotFound(_("Not found."))
    if isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) if exc.args else None)
    if isinstance(exc, ConflictError):
        return Response(
            {"message": str(exc.message), "extra": {"fields": {}, "current": exc.current}},
            status=status.HTTP_409_CONFLICT,
        )
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        detail = response.data
        if isinstance(detail, list):
            detail = {"non_field_errors": detail}
        fields = dict(detail.items())
        messages = fields.pop("non_field_errors", None) or fields.pop("__all__", None)
        message = " ".join(str(m) for m in messages) if messages else _("The data you sent is not valid.")
        if messages and not fields:
            fields = {}
        response.data = {"message": message, "extra": {"fields": fields}}
    else:
        detail = response.data.get("detail", "") if isinstance(response.data, dict) else response.data
        response.data = {"message": str(detail), "extra": {}}
    return response
