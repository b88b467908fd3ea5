"""DRF throttles counted in the database, shared by every process (see ``kinerja.core.ratelimit``).

DRF's own throttles count in the cache, which is per process unless a shared cache is configured: with
four gunicorn workers a limit of 10 let 40 through. These count in one atomic statement instead.
"""

from rest_framework.throttling import BaseThrottle

from kinerja.core import ratelimit


class SharedRateThrottle(BaseThrottle):
    """Allow ``settings.RATE_LIMITS[scope]`` requests per client address and window."""

    scope: str = ""

    def allow_request(self, request, view) -> bool:
        # No address at all (a server that sets no REMOTE_ADDR): such clients share one count, not a 500.
        self.decision = ratelimit.check(scope=self.scope, client=self.get_ident(request) or "")
        return self.decision.allowed

    def wait(self) -> float | None:
        return self.decision.retry_after


class TokenThrottle(SharedRateThrottle):
    scope = "token"


class VerifyThrottle(SharedRateThrottle):
    scope = "verify"
