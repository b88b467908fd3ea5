"""Request id and audit context for every request."""

import re
import uuid

from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_vary_headers

from kinerja.core.audit import AuditContext, _context

_SAFE_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


class RequestIdMiddleware:
    """Give every request an id (the proxy's X-Request-ID when it is well-formed) and echo it back."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get("X-Request-ID", "")
        request.request_id = incoming if _SAFE_REQUEST_ID.match(incoming) else uuid.uuid4().hex
        response = self.get_response(request)
        response["X-Request-ID"] = request.request_id
        return response


class AuditContextMiddleware:
    """Make the request (and so its user, resolved lazily, also for API tokens) known to the audit trail."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _context.set(AuditContext(request=request, request_id=getattr(request, "request_id", "")))
        try:
            return self.get_response(request)
        finally:
            _context.reset(token)


class LanguageMiddleware:
    """Speak Bahasa Indonesia unless the user chose English with the switch.

    Unlike Django's LocaleMiddleware, the browser's Accept-Language is not consulted: an office PC
    with an English browser still gets the Indonesian interface the government works in.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        if language not in dict(settings.LANGUAGES):
            language = settings.LANGUAGE_CODE
        request.LANGUAGE_CODE = language
        with translation.override(language):
            response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        patch_vary_headers(response, ("Cookie",))
        return response
