"""Django settings for Kinerja, read from environment variables only (see README, "Configuration")."""

import datetime
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from kinerja.env import env_bool, env_decimal, env_int, env_ints, env_list, env_str, parse_admin

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", False)
_DEV_SECRET = "dev-only-insecure-secret-key-change-me-0123456789abcdefghijklmnopqrstuvwxyz"
SECRET_KEY = env_str("SECRET_KEY", _DEV_SECRET if DEBUG else None)
if not DEBUG and SECRET_KEY == _DEV_SECRET:
    raise ImproperlyConfigured("SECRET_KEY must be set to a secret value when DEBUG is off.")
# The audit trail's entries are authenticated (HMAC-SHA256) with a key kept outside the database, so that
# someone who can write to the database cannot rewrite history unseen. Required when DEBUG is off; the demo
# and the tests derive one from SECRET_KEY. Keys replaced by a rotation stay listed in AUDIT_OLD_KEYS so
# that the entries they signed still verify.
AUDIT_KEY = env_str("AUDIT_KEY", "dev-audit-key:" + SECRET_KEY if DEBUG else None)
AUDIT_OLD_KEYS = env_list("AUDIT_OLD_KEYS", [])
if not DEBUG and (len(AUDIT_KEY) < 32 or AUDIT_KEY == SECRET_KEY or AUDIT_KEY.startswith("dev-audit-key:")):
    raise ImproperlyConfigured(
        "AUDIT_KEY must be a secret of at least 32 characters, not SECRET_KEY, when DEBUG is off."
    )
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

# The demo accounts share one public password; it is refused unless explicitly allowed (the demo does).
DEMO_PASSWORD = "kinerja-demo"
ALLOW_DEMO_LOGINS = env_bool("ALLOW_DEMO_LOGINS", DEBUG)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "knox",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "django_htmx",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "kinerja.core",
    "kinerja.planning",
    "kinerja.monitoring",
    "kinerja.satisfaction",
    "kinerja.integrity",
    "kinerja.projects",
    "kinerja.innovation",
    "kinerja.dashboards",
    "kinerja.portal",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "kinerja.core.middleware.RequestIdMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "kinerja.core.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "kinerja.core.middleware.TwoFactorMiddleware",
    "kinerja.core.middleware.AuditContextMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
    "kinerja.core.middleware.PublicRateLimitMiddleware",
]

ROOT_URLCONF = "kinerja.urls"
WSGI_APPLICATION = "kinerja.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "kinerja" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "kinerja.core.context_processors.kinerja",
            ],
        },
    },
]

VAR_DIR = Path(env_str("VAR_DIR", str(BASE_DIR / "var")))
if "DATABASE_URL" not in os.environ:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'kinerja.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers proceed while one writer writes; a busy timeout queues writers instead of failing.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and not env_bool("DATABASE_JIT", False):
    # PostgreSQL's JIT compiles a query whose estimated cost passes jit_above_cost: the dashboards' grouped
    # queries over the year's values cross it and spent 130 ms of 400 compiling at 10x a province (EXPLAIN
    # ANALYZE), for queries that then run once. Off for Kinerja's connections; DATABASE_JIT=1 leaves the
    # server's setting.
    options = DATABASES["default"].setdefault("OPTIONS", {})
    options["options"] = (options.get("options", "") + " -c jit=off").strip()
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "core.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "kinerja.core.auth.KinerjaModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "kinerja.core.auth.DemoPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Login lockout (django-axes): lock a username + client pair after repeated failures.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_MINUTES", 30) / 60
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_IPWARE_META_PRECEDENCE_ORDER = ["REMOTE_ADDR"]

LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "kinerja" / "locale"]
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [
    BASE_DIR / "kinerja" / "static",
    ("vendor/bootstrap", BASE_DIR / "node_modules" / "bootstrap" / "dist"),
    ("vendor/htmx", BASE_DIR / "node_modules" / "htmx.org" / "dist"),
    ("vendor/echarts", BASE_DIR / "node_modules" / "echarts" / "dist"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if env_bool("STATIC_MANIFEST", not DEBUG)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# Files served at the root of the site (/favicon.ico, which browsers ask for on pages without an icon link).
WHITENOISE_ROOT = BASE_DIR / "kinerja" / "public"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
# Signed checkpoints of the audit chain's head, appended by audit_checkpoint and audit_verify: the anchor
# outside the database that shows a truncated, wiped or re-chained trail. Keep it off the database server
# (and in the backups); AUDIT_CHECKPOINT_MAIL also sends each checkpoint to ADMINS.
AUDIT_CHECKPOINT_FILE = Path(env_str("AUDIT_CHECKPOINT_FILE", str(VAR_DIR / "audit-checkpoints.log")))
AUDIT_CHECKPOINT_MAIL = env_bool("AUDIT_CHECKPOINT_MAIL", False)
MEDIA_URL = "/media/"
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("UPLOAD_MAX_MB", 20) * 1024 * 1024
IMPORT_MAX_BYTES = env_int("IMPORT_MAX_MB", 10) * 1024 * 1024
UPLOAD_MAX_BYTES = env_int("UPLOAD_MAX_MB", 20) * 1024 * 1024
# Uploads are inspected with bounded work (kinerja/core/uploads.py): ZIP containers (xlsx, docx, ods, odt)
# by their directory before anything is unpacked, PDFs object by object, images by their header.
ARCHIVE_MAX_UNPACKED_BYTES = env_int("ARCHIVE_MAX_UNPACKED_MB", 100) * 1024 * 1024
ARCHIVE_MAX_RATIO = env_int("ARCHIVE_MAX_RATIO", 100)
ARCHIVE_MAX_ENTRIES = env_int("ARCHIVE_MAX_ENTRIES", 1000)
PDF_MAX_OBJECTS = env_int("PDF_MAX_OBJECTS", 100000)
IMAGE_MAX_PIXELS = env_int("IMAGE_MAX_PIXELS", 40_000_000)
# Imports read at most this many rows of a sheet (the entry sheet: as many as the agency's indicators)
# and list at most IMPORT_MAX_ERRORS errors, then say how many more there are.
IMPORT_MAX_ROWS = env_int("IMPORT_MAX_ROWS", 20000)
IMPORT_MAX_ERRORS = env_int("IMPORT_MAX_ERRORS", 100)
# The public portal (kinerja/portal) keeps the figures of its pages in the cache: a finished year's for a
# day, the current year's for a few minutes. Each process's memory by default; PORTAL_CACHE_DIR shares one
# cache between the processes of a machine (a directory the web processes may write).
_PORTAL_CACHE_DIR = env_str("PORTAL_CACHE_DIR", "")
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache", "LOCATION": _PORTAL_CACHE_DIR}
        if _PORTAL_CACHE_DIR
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "kinerja"}
    )
}
PORTAL_CACHE_SECONDS = env_int("PORTAL_CACHE_SECONDS", 300)
PORTAL_CACHE_FINISHED_SECONDS = env_int("PORTAL_CACHE_FINISHED_SECONDS", 86400)
# The government the portal publishes (its code); the first one when empty.
PORTAL_GOVERNMENT = env_str("PORTAL_GOVERNMENT", "")
# Free text (explanations, descriptions, suggestions) accepted by every form and API field.
TEXT_MAX_LENGTH = env_int("TEXT_MAX_LENGTH", 10000)
# Entry sheets with more rows than this are processed by the worker, with progress shown.
IMPORT_BACKGROUND_ROWS = env_int("IMPORT_BACKGROUND_ROWS", 200)
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
# Reporting deadline: this many days after a period ends, unless set per period.
REPORTING_DEADLINE_DAYS = env_int("REPORTING_DEADLINE_DAYS", 10)
# Early warning: financial and physical progress diverging by more than this many percentage points.
PROGRESS_DIVERGENCE_MARGIN = env_int("PROGRESS_DIVERGENCE_MARGIN", 20)
# The reality check (docs/design.md, The reality check): the thresholds of its signals.
# Achievement to date (percent) from which an agency counts as achieving "high", and the IKM below which its
# service units' satisfaction is low (76.61 is the lower bound of grade B: below it, C or D).
REALITY_ACHIEVEMENT_HIGH = env_decimal("REALITY_ACHIEVEMENT_HIGH", "90")
REALITY_IKM_LOW = env_decimal("REALITY_IKM_LOW", "76.61")
# Physical progress ahead of (or behind) financial progress by more than this many percentage points.
REALITY_PROGRESS_MARGIN = env_decimal("REALITY_PROGRESS_MARGIN", "20")
# Share (percent) of an agency's verified values without an evidence file above which it is a signal.
REALITY_MISSING_EVIDENCE_SHARE = env_decimal("REALITY_MISSING_EVIDENCE_SHARE", "25")
# Share (percent) of a summed indicator's year held by its latest period above which it is a surge, and
# the periods that must be reported before the share means anything.
REALITY_SURGE_SHARE = env_decimal("REALITY_SURGE_SHARE", "50")
REALITY_SURGE_MIN_PERIODS = env_int("REALITY_SURGE_MIN_PERIODS", 3)
# A photo taken farther than this (km) from its project's site.
REALITY_PHOTO_DISTANCE_KM = env_decimal("REALITY_PHOTO_DISTANCE_KM", "5")
# Public satisfaction survey: questionnaires accepted per client connection within the window (seconds).
SURVEY_RATE_LIMIT = env_int("SURVEY_RATE_LIMIT", 10)
SURVEY_RATE_WINDOW = env_int("SURVEY_RATE_WINDOW", 600)
# A kiosk serves many respondents from one place: its own, higher limit per key within the same window.
SURVEY_KIOSK_RATE_LIMIT = env_int("SURVEY_KIOSK_RATE_LIMIT", 120)
# Every rate limit, as (requests, window in seconds) per client, counted across all processes in the
# database (kinerja.core.ratelimit).
TOKEN_RATE_LIMIT = env_int("TOKEN_RATE_LIMIT", 10)
VERIFY_RATE_LIMIT = env_int("VERIFY_RATE_LIMIT", 30)
# The public pages (innovation catalogue, public portal): requests per address and window. Generous: a
# reader browsing fast, or an office behind one address, stays far below it; a scraper looping does not.
PUBLIC_RATE_LIMIT = env_int("PUBLIC_RATE_LIMIT", 300)
PUBLIC_RATE_WINDOW = env_int("PUBLIC_RATE_WINDOW", 60)
PUBLIC_RATE_LIMIT_PREFIXES = ("/inovasi/", "/publik/")
RATE_LIMITS = {
    "survey": (SURVEY_RATE_LIMIT, SURVEY_RATE_WINDOW),
    "survey_kiosk": (SURVEY_KIOSK_RATE_LIMIT, SURVEY_RATE_WINDOW),
    "token": (TOKEN_RATE_LIMIT, 60),
    "verify": (VERIFY_RATE_LIMIT, 600),
    "public": (PUBLIC_RATE_LIMIT, PUBLIC_RATE_WINDOW),
}
# Survey reports of units with more responses than this are generated by the worker.
SURVEY_REPORT_BACKGROUND_RESPONSES = env_int("SURVEY_REPORT_BACKGROUND_RESPONSES", 2000)

# The public address every absolute link is built on (QR codes and links of PDFs, e-mails, API fields; see
# kinerja/core/links.py). Required when DEBUG is off (system check kinerja.E001); in development, unset,
# links follow the address of the request.
PUBLIC_BASE_URL = env_str("PUBLIC_BASE_URL", "")
# Roots of trust for signature verification: PEM or DER files, separated by commas (BSrE's root in
# production). The demo adds its own certificate authority (python manage.py demo_ca), not legally valid.
DEMO_CA_DIR = VAR_DIR / "demo-ca"
SIGNING_TRUST_ROOTS = [p for p in env_str("SIGNING_TRUST_ROOTS", "").split(",") if p.strip()] + (
    [str(DEMO_CA_DIR / "ca.pem")] if env_bool("SIGNING_TRUST_DEMO_CA", DEBUG) else []
)
# Approval date of the budget document (DPA) per year: performance agreements are due one month after.
try:
    INTEGRITY_DPA_DATES = {
        int(year): datetime.date.fromisoformat(day.strip())
        for year, day in (
            item.split("=") for item in env_str("INTEGRITY_DPA_DATES", "2026=2025-12-31").split(",") if item.strip()
        )
    }
except ValueError as error:
    raise ImproperlyConfigured("INTEGRITY_DPA_DATES: write year=YYYY-MM-DD, separated by commas") from error

# Status rules of projects: points behind plan still on track / still a warning, days a milestone may be
# late before the project is critical, and the day of the next month by which a monthly report is due.
PROJECT_STATUS = {
    "warning_points": env_int("PROJECT_WARNING_POINTS", 5),
    "critical_points": env_int("PROJECT_CRITICAL_POINTS", 10),
    "milestone_days": env_int("PROJECT_MILESTONE_DAYS", 30),
    "report_due_day": env_int("PROJECT_REPORT_DUE_DAY", 10),
}
# An obstacle unresolved this many days (since raised or last escalated) rises one level.
OBSTACLE_ESCALATION_DAYS = env_int("OBSTACLE_ESCALATION_DAYS", 30)
# The leader's home keeps its achievement figures this many seconds in the cache, keyed by the government's
# latest audit entry (any audited write recomputes them); 0 computes them on every request.
LEADER_HOME_CACHE_SECONDS = env_int("LEADER_HOME_CACHE_SECONDS", 300)
# The government overview's ranking and the reality check's signals, kept the same way (kinerja.core.cache).
DASHBOARD_CACHE_SECONDS = env_int("DASHBOARD_CACHE_SECONDS", 300)
# After these numbers of requests served, the process freezes its long-lived objects out of the garbage
# collector's full passes (kinerja.core.memory); empty turns it off.
GC_FREEZE_AFTER_REQUESTS = env_ints("GC_FREEZE_AFTER_REQUESTS", [1, 10, 100])

# Security headers. Behind a TLS-terminating reverse proxy, the proxy sets X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 3600)
X_FRAME_OPTIONS = "DENY"
SILENCED_SYSTEM_CHECKS = env_list("SILENCED_SYSTEM_CHECKS", [])

# Content-Security-Policy (django-csp 4): everything is served by Kinerja itself, no inline scripts.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend" if DEBUG else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Kinerja <kinerja@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# "Name <address>" pairs, comma-separated, who receive error reports and integrity alerts.
ADMINS = [parse_admin(item) for item in env_list("ADMINS", [])]

TASKS = {
    "default": {
        "BACKEND": env_str("TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend"),
        "QUEUES": ["default"],
    }
}

# API tokens (django-rest-knox): stored hashed, expiring, revoked on password change and deactivation.
API_TOKEN_TTL_HOURS = env_int("API_TOKEN_TTL_HOURS", 24 * 7)
REST_KNOX = {
    "TOKEN_TTL": datetime.timedelta(hours=API_TOKEN_TTL_HOURS),
    "TOKEN_LIMIT_PER_USER": env_int("API_TOKENS_PER_USER", 10),
    "AUTH_HEADER_PREFIX": "Token",
    "AUTO_REFRESH": False,
}
# Two-factor authentication (TOTP with recovery codes, django-otp): required of these roles when on.
TWO_FACTOR_REQUIRED = env_bool("TWO_FACTOR_REQUIRED", not DEBUG)
TWO_FACTOR_ROLES = ["admin", "planner", "inspector", "leader", "agency_head"]
OTP_TOTP_ISSUER = env_str("OTP_TOTP_ISSUER", "Kinerja")

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "knox.auth.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": ["kinerja.core.filtersets.FilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "kinerja.core.api.pagination.Pagination",
    "PAGE_SIZE": 50,
    # Documents each operation's error responses as well (kinerja.core.api.schema).
    "DEFAULT_SCHEMA_CLASS": "kinerja.core.api.schema.AutoSchema",
    "EXCEPTION_HANDLER": "kinerja.core.api.exceptions.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Kinerja API",
    "DESCRIPTION": "Regional development performance: organisation, performance tree, indicators and targets.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "/favicon.ico",
    # Nothing fetched from outside (the default validator badge is an image from validator.swagger.io).
    "SWAGGER_UI_SETTINGS": {"deepLinking": True, "validatorUrl": None},
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # <id:pk> in a path (kinerja.core.converters) is a positive 64-bit integer.
    "PATH_CONVERTER_OVERRIDES": {"id": {"type": "integer", "minimum": 1, "maximum": 2**63 - 1}},
    # Targets and surveys both have a period_kind with different choices: name each enum.
    "ENUM_NAME_OVERRIDES": {
        "PeriodKindEnum": "kinerja.planning.choices.TargetPeriod",
        "SurveyPeriodKindEnum": "kinerja.satisfaction.choices.SurveyPeriodKind",
        "StateEnum": "kinerja.monitoring.choices.RealizationState",
        "DocumentStateEnum": "kinerja.integrity.choices.DocumentState",
        "ObstacleStatusEnum": "kinerja.projects.choices.ObstacleStatus",
        "DirectiveStatusEnum": "kinerja.projects.choices.DirectiveStatus",
        "SupervisionRequestKindEnum": "kinerja.dashboards.models_supervision.RequestKind",
        "MeasureKindEnum": "kinerja.innovation.choices.MeasureKind",
        "ReportingPeriodKindEnum": "kinerja.monitoring.choices.PeriodKind",
        "PlanPeriodKindEnum": "kinerja.planning.choices.PeriodKind",
        "NodeKindEnum": "kinerja.planning.choices.NodeKind",
        "ServiceUnitKindEnum": "kinerja.core.choices.ServiceUnitKind",
        "AgencyKindEnum": "kinerja.core.choices.AgencyKind",
        "DocumentKindEnum": "kinerja.integrity.choices.DocumentKind",
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
