"""ovop settings: every value comes from an environment variable (see README, "Configuration").

A bad value stops the process at start with a message naming the variable.
"""

from __future__ import annotations

import os
import re
from datetime import timedelta
from pathlib import Path
from typing import Any

import dj_database_url
from csp.constants import NONE as CSP_NONE
from csp.constants import SELF as CSP_SELF
from csp.constants import UNSAFE_INLINE as CSP_UNSAFE_INLINE
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent.parent

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def envbool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be one of true/false/1/0/yes/no, not {raw!r}")


def envlist(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


DEBUG = envbool("DEBUG", False)
DATA_DIR = Path(os.environ.get("OVOP_DATA_DIR", PROJECT_DIR / "var"))

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is required when DEBUG is off: set SECRET_KEY to a long random "
            "string (or DEBUG=true on a development machine)"
        )
    SECRET_KEY = "insecure-development-key-only-for-debug"  # noqa: S105 - DEBUG only

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    # The admin site admits administrators only (role admin or superuser), not every staff user.
    "ovop.accounts.admin_site.OvopAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "simple_history",
    "axes",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "ovop.core",
    "ovop.accounts",
    "ovop.regions",
    "ovop.enterprises",
    "ovop.programme",
    "ovop.selection",
    "ovop.rating",
    "ovop.empowerment",
    "ovop.planning",
    "ovop.monitoring",
    "ovop.evaluation",
    "ovop.catalogue",
    "ovop.overview",
    "ovop.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Instead of Django's LocaleMiddleware: Indonesian unless the user chose English (the
    # browser's Accept-Language is not followed); after authentication, to read the account.
    "ovop.core.language.LanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "ovop.core.middleware.DatabaseLockedMiddleware",
    # Last, as django-axes asks: it turns a refused (locked-out) login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "ovop.urls"
WSGI_APPLICATION = "ovop.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "ovop.core.context_processors.navigation",
            ],
        },
    },
]


def envint(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None:
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}") from None


#: SQLite (the embedded default) with several writers at once: write-ahead log (readers never
#: wait for a writer), every transaction takes the write lock when it begins (so a waiting
#: writer queues behind the busy timeout instead of failing at once with "database is locked"
#: when a read turns into a write), and a writer waits up to 20 s for the lock.
SQLITE_OPTIONS: dict[str, Any] = {
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
}


#: Background work (large imports): Django's task API through the django-tasks backport, its
#: database backend as the queue (no broker; `ovop db_worker` runs the tasks, `make run` starts
#: it beside the web server). TASKS_BACKEND=immediate runs each task at once in the request
#: (the tests, and a machine without a worker).
TASK_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
}
_task_backend = os.environ.get("TASKS_BACKEND", "database")
if _task_backend not in TASK_BACKENDS:
    raise ImproperlyConfigured(f"TASKS_BACKEND must be one of {sorted(TASK_BACKENDS)}")
#: The largest file an import reads (bytes).
OVOP_IMPORT_MAX_BYTES = envint("OVOP_IMPORT_MAX_BYTES", 50 * 1024 * 1024)
TASKS = {"default": {"BACKEND": TASK_BACKENDS[_task_backend], "QUEUES": ["default", "imports"]}}


def database_from_url(url: str) -> dict[str, Any]:
    """The Django database settings for a DATABASE_URL (SQLite gets SQLITE_OPTIONS)."""
    try:
        config = dict(dj_database_url.parse(url, conn_max_age=envint("CONN_MAX_AGE", 60)))
    except ValueError as error:
        raise ImproperlyConfigured(
            f"DATABASE_URL is not a database URL ({error}); for example "
            "postgres://user:password@127.0.0.1:5432/ovop or sqlite:////path/ovop.sqlite3"
        ) from None
    if config["ENGINE"] == "django.db.backends.sqlite3":
        config["CONN_MAX_AGE"] = 0
        options = config.get("OPTIONS")
        config["OPTIONS"] = {**(options if isinstance(options, dict) else {}), **SQLITE_OPTIONS}
    return config


DATABASES = {
    "default": database_from_url(
        os.environ.get("DATABASE_URL", f"sqlite:///{DATA_DIR / 'ovop.sqlite3'}")
    )
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
#: A change reason may be a sentence or two (up to ovop.core.text.REASON_MAX_LENGTH).
SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

#: One date and number format per language (ovop/formats/<language>/formats.py).
FORMAT_MODULE_PATH = ["ovop.formats"]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = os.environ.get("TIME_ZONE", "Asia/Jakarta")
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", DATA_DIR / "static"))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", DATA_DIR / "media"))
#: Uploaded files are sent by nginx (X-Accel-Redirect to its internal /protected-media/).
MEDIA_ACCEL_REDIRECT = envbool("MEDIA_ACCEL_REDIRECT", False)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

SESSION_COOKIE_HTTPONLY = True
#: A working day: a session signed in at 07:30 lasts past the end of the office day, not longer.
SESSION_COOKIE_AGE = envint("SESSION_COOKIE_AGE", 9 * 60 * 60)
SESSION_COOKIE_SECURE = envbool("SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
X_FRAME_OPTIONS = "DENY"
if SESSION_COOKIE_SECURE:
    # Behind the TLS proxy of the README: it tells the app the request came over HTTPS (so
    # links such as certificate verification URLs are https://), browsers are told to use
    # HTTPS only for a year, and a plain-HTTP request is redirected (except the health check).
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 365 * 24 * 60 * 60)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_SSL_REDIRECT = True
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

AUTHENTICATION_BACKENDS = [
    # django-axes first: it refuses a locked-out account or address before any password check.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
#: Login throttling (app and admin log-in): after LOGIN_FAILURE_LIMIT wrong passwords for one
#: account, or from one address, that account or address is refused for
#: LOGIN_LOCKOUT_MINUTES, even with the right password.
AXES_FAILURE_LIMIT = envint("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=envint("LOGIN_LOCKOUT_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_LOCKOUT_CALLABLE = "ovop.core.login_throttle.lockout_response"
AXES_CLIENT_IP_CALLABLE = "ovop.core.login_throttle.client_ip"
AXES_ENABLE_ADMIN = True
#: How many proxies in front of ovop append to X-Forwarded-For (1 behind the README's nginx);
#: 0 takes the TCP peer address.
TRUSTED_PROXY_COUNT = envint("TRUSTED_PROXY_COUNT", 0)

#: Password reset e-mails; the console backend prints them (development, demonstration).
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = envint("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "ovop@localhost")
PASSWORD_RESET_TIMEOUT = 60 * 60 * 3

#: Content-Security-Policy: scripts only from ovop's own static files (no inline script, no
#: eval), map tiles from OpenStreetMap, nothing framed, forms post only to ovop. Inline style
#: attributes stay allowed (templates size charts and the map with them; they run no code).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [CSP_SELF],
        "script-src": [CSP_SELF],
        "style-src": [CSP_SELF, CSP_UNSAFE_INLINE],
        "img-src": [CSP_SELF, "data:", "https://tile.openstreetmap.org"],
        "connect-src": [CSP_SELF],
        "font-src": [CSP_SELF],
        "object-src": [CSP_NONE],
        "base-uri": [CSP_SELF],
        "form-action": [CSP_SELF],
        "frame-ancestors": [CSP_NONE],
    }
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "EXCEPTION_HANDLER": "ovop.core.api.exception_handler",
    # The public catalogue API (anonymous): requests per client address.
    "DEFAULT_THROTTLE_RATES": {"catalogue": os.environ.get("CATALOGUE_API_RATE", "120/minute")},
    # JSON with a size and nesting limit (a body nested 100,000 deep is a 400, not a crash).
    "DEFAULT_PARSER_CLASSES": [
        "ovop.core.parsers.LimitedJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
}
SPECTACULAR_SETTINGS = {
    "TITLE": "ovop API",
    "DESCRIPTION": "One Village One Product programme: registry, selection, rating, evaluation.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    # The schema and its docs are for signed-in users only.
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    # Swagger UI served from the package, not a CDN: the docs work without internet.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "SelectionRoundStatusEnum": "ovop.selection.models.RoundStatus",
        "EmpowermentGroupKindEnum": "ovop.empowerment.models.GroupKind",
        "EmpowermentStageEnum": "ovop.empowerment.models_cycle.Stage",
        "EmpowermentCycleStatusEnum": "ovop.empowerment.models_cycle.CycleStatus",
        "EmpowermentExperienceKindEnum": "ovop.empowerment.models_cycle.ExperienceKind",
        "EmpowermentProblemKindEnum": "ovop.empowerment.models_cycle.ProblemKind",
        "EmpowermentPowerBaseKindEnum": "ovop.empowerment.models_cycle.PowerBaseKind",
        "EmpowermentActionStatusEnum": "ovop.empowerment.models_actions.ActionStatus",
        "EmpowermentProposalStatusEnum": "ovop.empowerment.models_actions.ProposalStatus",
        "EmpowermentMeetingStatusEnum": "ovop.empowerment.models_meetings.MeetingStatus",
        "PlanningActivityTypeEnum": "ovop.planning.choices.ActivityType",
        "PlanningActivityStatusEnum": "ovop.planning.choices.ActivityStatus",
        "PlanningOutputKindEnum": "ovop.planning.choices.OutputKind",
        "PlanningYearStatusEnum": "ovop.planning.choices.YearStatus",
        "PlanningSourceKindEnum": "ovop.planning.choices.SourceKind",
        "MonitoringRoundKindEnum": "ovop.monitoring.choices.RoundKind",
        "MonitoringLevelEnum": "ovop.monitoring.choices.Level",
        "MonitoringDirectionEnum": "ovop.monitoring.choices.Direction",
        # One choice set, two names: a person's gender (empowerment) and an IKM owner's.
        "GenderEnum": "ovop.enterprises.models.OwnerGender",
    },
}

#: Who issues the documents an office signs (star certificate, berita acara): the regency's
#: name and logo (a JPEG, PNG or WebP file on the server), the signing official, the public
#: address printed in verification links and QR codes, and how long a certificate is valid.
OVOP_REGENCY_NAME = os.environ.get("OVOP_REGENCY_NAME", "").strip()
OVOP_REGENCY_LOGO = os.environ.get("OVOP_REGENCY_LOGO", "").strip()
if OVOP_REGENCY_LOGO and not Path(OVOP_REGENCY_LOGO).is_file():
    raise ImproperlyConfigured(f"OVOP_REGENCY_LOGO names no file: {OVOP_REGENCY_LOGO!r}")
OVOP_SIGNATORY_NAME = os.environ.get("OVOP_SIGNATORY_NAME", "").strip()
OVOP_SIGNATORY_TITLE = os.environ.get("OVOP_SIGNATORY_TITLE", "").strip()
OVOP_SIGNATORY_NIP = os.environ.get("OVOP_SIGNATORY_NIP", "").strip()
if OVOP_SIGNATORY_NIP and not re.fullmatch(r"\d{18}", OVOP_SIGNATORY_NIP.replace(" ", "")):
    raise ImproperlyConfigured(
        "OVOP_SIGNATORY_NIP must be the 18 digits of a civil servant's NIP, "
        f"not {OVOP_SIGNATORY_NIP!r}"
    )
OVOP_PUBLIC_URL = os.environ.get("OVOP_PUBLIC_URL", "").strip().rstrip("/")
if OVOP_PUBLIC_URL and not re.fullmatch(r"https?://[^/\s]+(/\S*)?", OVOP_PUBLIC_URL):
    raise ImproperlyConfigured(
        f"OVOP_PUBLIC_URL must be an address such as https://ovop.example.go.id, "
        f"not {OVOP_PUBLIC_URL!r}"
    )
OVOP_CERTIFICATE_VALID_YEARS = envint("OVOP_CERTIFICATE_VALID_YEARS", 3)
if OVOP_CERTIFICATE_VALID_YEARS < 1:
    raise ImproperlyConfigured("OVOP_CERTIFICATE_VALID_YEARS must be 1 or more")

# Catalogue inquiries: a buyer's personal data is erased this many months after the inquiry
# (stated on the form; ``ovop purge_inquiries``); one address may send this many inquiries per
# hour; a form sent sooner than this many seconds after it was shown is taken for a robot.
OVOP_INQUIRY_RETENTION_MONTHS = envint("OVOP_INQUIRY_RETENTION_MONTHS", 12)
if not 1 <= OVOP_INQUIRY_RETENTION_MONTHS <= 120:
    raise ImproperlyConfigured("OVOP_INQUIRY_RETENTION_MONTHS must be between 1 and 120")
OVOP_INQUIRY_RATE_PER_HOUR = envint("OVOP_INQUIRY_RATE_PER_HOUR", 5)
if OVOP_INQUIRY_RATE_PER_HOUR < 1:
    raise ImproperlyConfigured("OVOP_INQUIRY_RATE_PER_HOUR must be 1 or more")
OVOP_INQUIRY_MIN_SECONDS = envint("OVOP_INQUIRY_MIN_SECONDS", 3)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"weasyprint": {"level": "WARNING"}, "fontTools": {"level": "WARNING"}},
}

# Empowerment: a member or guest counts as youth below this age (UU 40/2009 on youth: 16–30).
# A configurable default: set OVOP_YOUTH_AGE_LIMIT to use another cut-off.
OVOP_YOUTH_AGE_LIMIT = envint("OVOP_YOUTH_AGE_LIMIT", 30)
if not 10 <= OVOP_YOUTH_AGE_LIMIT <= 60:
    raise ImproperlyConfigured("OVOP_YOUTH_AGE_LIMIT must be an age between 10 and 60")
