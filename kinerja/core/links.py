"""Absolute addresses: every link and QR code that leaves a page (PDFs, e-mails, API fields) is built here.

The address is ``PUBLIC_BASE_URL`` when it is set, which production requires (system check
``kinerja.E001``). In development, unset, it is derived from the request being served (so a demo on
port 9000 links to port 9000). Work done without a request uses, in order: the address handed to it by
``using()`` (a task enqueued from a request is given that request's ``base_url()`` as an argument),
then ``DEVELOPMENT_BASE_URL`` (``http://127.0.0.1:8000``; ``make demo`` sets
``PUBLIC_BASE_URL`` from its ``PORT`` for the demo load).
"""

import contextlib
import contextvars
from urllib.parse import urlsplit

from django.conf import settings
from django.core import checks

from kinerja.core.audit import current_context

DEVELOPMENT_BASE_URL = "http://127.0.0.1:8000"
_handed: contextvars.ContextVar[str] = contextvars.ContextVar("kinerja_base_url", default="")


def base_url(request=None) -> str:
    """Return the scheme and host (and any path prefix) links point to, without a trailing slash."""
    configured = (getattr(settings, "PUBLIC_BASE_URL", "") or "").strip()
    if configured:
        return configured.rstrip("/")
    request = request if request is not None else current_context().request
    if request is not None:
        return request.build_absolute_uri("/").rstrip("/")
    return _handed.get() or DEVELOPMENT_BASE_URL


def absolute_url(path: str, request=None) -> str:
    """Return ``path`` (as ``reverse()`` gives it) as an absolute address under ``base_url()``."""
    return base_url(request) + "/" + path.lstrip("/")


@contextlib.contextmanager
def using(address: str):
    """Build the links made inside the block under ``address`` (a task's, handed over from its request)."""
    token = _handed.set((address or "").rstrip("/"))
    try:
        yield
    finally:
        _handed.reset(token)


@checks.register(checks.Tags.security, deploy=False)
def check_public_base_url(app_configs=None, **kwargs):
    """Require ``PUBLIC_BASE_URL`` in production: links in signed PDFs and e-mails outlive the request."""
    value = (getattr(settings, "PUBLIC_BASE_URL", "") or "").strip()
    if not value:
        if settings.DEBUG:
            return []
        return [
            checks.Error(
                "PUBLIC_BASE_URL is not set.",
                hint="Set it to the public address of Kinerja, e.g. https://kinerja.sumselprov.go.id: the QR codes "
                "and links of documents and e-mails point to it.",
                id="kinerja.E001",
            )
        ]
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        return [
            checks.Error(
                f"PUBLIC_BASE_URL {value!r} is not an address such as https://kinerja.sumselprov.go.id.",
                id="kinerja.E002",
            )
        ]
    return []
