"""Request id and audit context for every request."""

import re
import uuid

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from kinerja.core import accounts
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


class TwoFactorMiddleware:
    """Hold a logged-in user at the second step until a code is given (or at enrolment, when required).

    A user with an authenticator is sent to the code page after the password; a user whose role requires
    two-factor authentication (``TWO_FACTOR_REQUIRED``) and who has none is sent to enrol. Only the
    pages of those steps, logging out and the language switch stay open meanwhile; API calls with the
    session answer 403 (tokens are checked when issued, see ``kinerja.core.accounts.token_issue``).

    Which step a session still owes is decided once, at login (``accounts.SESSION_STEP``), so pages pay no
    query for it; a session older than this rule gets it decided on its first request.
    """

    OPEN_PATHS = ("/login/", "/logout/", "/i18n/", "/static/", "/favicon")
    ENROL_PATH = "/akun/keamanan/aktifkan/"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if not user.is_authenticated or request.path.startswith(self.OPEN_PATHS):
            return self.get_response(request)
        step = request.session.get(accounts.SESSION_STEP)
        if step is None:
            step = accounts.session_step_decide(request)
        if step == accounts.STEP_DONE or user.is_verified():
            return self.get_response(request)
        if step == accounts.STEP_ENROL:
            if request.path.startswith(self.ENROL_PATH):
                return self.get_response(request)
            target = reverse("core:two_factor_enrol")
        else:
            target = reverse("core:two_factor_verify")
        if request.path.startswith("/api/"):
            message = _("Complete the two-factor login in the browser first.")
            return JsonResponse({"message": message, "extra": {}}, status=403)
        return redirect(f"{target}?{urlencode({'next': request.get_full_path()})}")


class PublicRateLimitMiddleware:
    """Count every request to the public pages (``settings.PUBLIC_RATE_LIMIT_PREFIXES``: the innovation
    catalogue and the public portal) per client address under the ``public`` limit of ``RATE_LIMITS``; past
    it, answer 429 with the Indonesian "too many requests" page and ``Retry-After``, without running the view.

    Applied by URL prefix here rather than inside the apps, so the portal's and the catalogue's own code
    stays free of it; the count is the same atomic database counter as every other limit
    (``kinerja.core.ratelimit``), shared by all processes.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from kinerja.core import ratelimit

        prefixes = tuple(getattr(settings, "PUBLIC_RATE_LIMIT_PREFIXES", ()))
        if prefixes and request.path_info.startswith(prefixes):
            decision = ratelimit.check(scope="public", client=ratelimit.request_client(request))
            if not decision.allowed:
                return ratelimit.too_many(request, decision)
        return self.get_response(request)
