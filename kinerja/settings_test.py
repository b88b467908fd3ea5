"""Settings for the test suite: the real settings with a fast hasher and the immediate task backend."""

import os

os.environ.setdefault("DEBUG", "1")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")

from kinerja.settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend", "QUEUES": ["default"]}}
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
AXES_FAILURE_LIMIT = 5
MEDIA_ROOT = VAR_DIR / "test-media"  # noqa: F405
LOGGING["root"]["level"] = "ERROR"  # noqa: F405
LOGGING["loggers"]["django.request"] = {"level": "CRITICAL"}  # noqa: F405
# No persistent connections in tests: the live server's thread must not keep the test database open.
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405
# Tests compute the leader's home every time (test databases reuse ids, a cache would outlive them);
# kinerja/dashboards/tests turn it on where they test it.
LEADER_HOME_CACHE_SECONDS = 0
DASHBOARD_CACHE_SECONDS = 0
# No freezing of the test process's objects (kinerja.core.memory): kinerja/core/tests/test_memory.py turns it on.
GC_FREEZE_AFTER_REQUESTS = ()
# The public pages' rate limit is off in tests: browser and accessibility tests walk the public pages from one
# address, and the pages' pinned query counts leave the counter out. kinerja/core/tests/test_public_rate_limit.py
# turns it on (the production prefixes, a small limit) where it tests it.
PUBLIC_RATE_LIMIT_PREFIXES = ()
