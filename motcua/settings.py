"""Django settings for motcua, driven by environment variables (see motcua/config.py and README)."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

from motcua.config import ConfigError, load_config

BASE_DIR = Path(__file__).resolve().parent.parent

try:
    CONFIG = load_config(os.environ, base_dir=BASE_DIR)
except ConfigError as error:
    # One clear line naming the variable, instead of a traceback from deep inside a driver.
    sys.exit(f"motcua: configuration error: {error}")

VAR_DIR = CONFIG.var_dir
VAR_DIR.mkdir(parents=True, exist_ok=True)
(VAR_DIR / "static").mkdir(exist_ok=True)
DEBUG = CONFIG.debug
SECRET_KEY = CONFIG.secret_key
ALLOWED_HOSTS = CONFIG.allowed_hosts
REDIS_URL = CONFIG.redis_url

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",  # the widgets' own templates, for the project's form renderer
    "csp",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "simple_history",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "axes",
    "django_tasks",
    "huey.contrib.djhuey",
    "motcua.core",
    "motcua.org",
    "motcua.workcal",
    "motcua.catalog",
    "motcua.dossiers",
    "motcua.stats",
    "motcua.documents",
    "motcua.legal",
    "motcua.portal",
    "motcua.petitions",
    "motcua.par",
    "motcua.surveys",
    "motcua.indices",
    "motcua.directives",
    "motcua.signatures",
    "motcua.accounts",
    "motcua.dashboard",
    "motcua.api",
    "motcua.simulation",
]

MIDDLEWARE = [
    # The request's id in every log line, and its count and duration for Prometheus.
    "motcua.core.observability.RequestIdMiddleware",
    "motcua.core.metrics.MetricsMiddleware",
    # Then everything after it counts per client on the real address (TRUSTED_PROXIES).
    "motcua.core.client_address.ClientAddressMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Statistics, exports, indices and public pages read on the replica, if there is one.
    "motcua.core.replica.ReplicaReadsMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "motcua.core.language.LanguageMiddleware",
    # Before anything reads a parameter: NUL and control characters get a clear 400.
    "motcua.core.edge.RejectControlCharactersMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "motcua.accounts.middleware.RequireMfaMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Axes must come last: it turns a lockout raised during authentication into its response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "motcua.urls"
WSGI_APPLICATION = "motcua.wsgi.application"

# Forms render in the design system's markup: label, hint, error message, error summary.
FORM_RENDERER = "motcua.core.forms.DesignSystemFormRenderer"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "motcua" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "motcua.org.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {"default": CONFIG.database}
if CONFIG.replica_database is not None:
    DATABASES["replica"] = CONFIG.replica_database
    DATABASE_ROUTERS = ["motcua.core.replica.ReplicaRouter"]
# The pages whose GET may read a replica a moment behind (docs/deployment.md); a client that
# has just written reads the primary for this many seconds.
MOTCUA_REPLICA_READS = (
    "portal-home", "portal-units", "portal-procedures", "portal-procedure",
    "portal-component-template", "portal-track-dossier", "portal-track-receipt",
    "portal-track-result", "petitions-answers", "petitions-track",
    "open311-discovery", "open311-services", "open311-service", "open311-requests",
    "open311-request", "stats-statistics", "stats-cell", "stats-steps", "stats-steps-cell",
    "stats-table", "stats-kpis", "indices-766", "indices-api-766", "par-ranking",
    "par-api-report", "surveys-api-report", "catalog-export",
)  # fmt: skip
MOTCUA_REPLICA_PIN_SECONDS = CONFIG.replica_pin_seconds
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache, sessions, jobs: Redis in production, files and SQLite when embedded -------------
EMBEDDED_CACHE: dict[str, Any] = {
    "BACKEND": "diskcache.DjangoCache",
    "LOCATION": str(VAR_DIR / "diskcache"),
    "SHARDS": 4,
    "DATABASE_TIMEOUT": 0.25,  # seconds a shard waits for another writer
    "OPTIONS": {"size_limit": 2**28},  # 256 MB, the least recently stored culled beyond it
}
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "motcua",
            "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 2, "SOCKET_TIMEOUT": 2},
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    HUEY = {
        "name": CONFIG.huey_name,
        "huey_class": "huey.RedisHuey",
        "url": REDIS_URL,
        "immediate": False,
        "utc": True,
    }
else:
    # Shared by every process of `make run`, which rate limits need: diskcache's SQLite shards
    # (atomic counters, no folder listing on each write as Django's file cache did).
    CACHES = {"default": EMBEDDED_CACHE}
    HUEY = {
        "name": CONFIG.huey_name,
        "huey_class": "huey.SqliteHuey",
        "filename": str(VAR_DIR / "huey.sqlite3"),
        "immediate": False,
        "utc": True,
    }

TASKS = {"default": {"BACKEND": "huey.contrib.djhuey.tasks_backend.HueyBackend"}}

# --- Accounts ----------------------------------------------------------------------------------
# Rules of the process audit a province may set by decision (docs/catalogue.md).
MOTCUA_PROCESS_AUDIT = {
    "mandatory_step_kinds": ("receive", "return"),
    "hours_per_working_day": 8,
}
# Where citizens reach the portal: printed on slips and in their QR codes (tracking links).
MOTCUA_PUBLIC_URL = CONFIG.public_url
MOTCUA_SIGNATURE_TRUST_ROOTS = list(CONFIG.signature_trust_roots)
MOTCUA_TIMESTAMP_URL = CONFIG.timestamp_url
# The directive's targets (on time > 95%, early > 30%); a province may set others per year.
MOTCUA_TARGETS = {"on_time_rate": "0.95", "early_rate": "0.30"}
# What `motcua demo` loads, in order (each app's part of the demo district).
MOTCUA_DEMO_LOADERS = [
    "motcua.org.demo.load_demo",
    "motcua.catalog.demo.load_demo",
    "motcua.dossiers.demo.load_demo",
    "motcua.petitions.demo.load_demo",
    "motcua.surveys.demo.load_demo",
    "motcua.par.demo.load_demo",
    "motcua.directives.demo.load_demo",
]
# "Due soon": within this share of the working time, or on the last working day.
MOTCUA_DUE_SOON_SHARE = 0.2
MOTCUA_DEMO_DOSSIERS = 300  # how many dossiers `motcua demo` walks through their processes
MOTCUA_DEMO_HISTORY = "motcua.dossiers.history.generate_history"  # `motcua demo --history N`
# Called with the days whose working status changed, once a calendar override committed.
MOTCUA_CALENDAR_CHANGE_HANDLERS = ["motcua.dossiers.tasks.enqueue_after_calendar_change"]
# Called in a merger's transaction (org.services.unit_merge) with the administrator and the first
# day of the successors: the open work of the agencies merged away follows them.
MOTCUA_MERGE_HANDLERS = [
    "motcua.dossiers.services.assignment.open_steps_move",
    "motcua.petitions.services.open_petitions_move",
    "motcua.directives.services.directives.open_assignments_move",
]
# Sections of the staff dossier page given by apps above dossiers (a function of the dossier and
# the user: a template and its context, or None).
MOTCUA_DOSSIER_PANELS = ["motcua.signatures.panels.results_panel"]
# Directives: an open task is reminded this many working days before its deadline (DESIGN.md,
# a rule of ours), and escalated to the assigner once it passes.
MOTCUA_TASK_REMIND_DAYS = 2
# Petitions (DESIGN.md "Petitions"): deadlines in working days, and the hotline office.
MOTCUA_PETITION_DEADLINES = {
    "triage": 2,
    "answer": 15,
    "publish": 2,
    "transfer": 5,  # to the competent agency, Decree 20/2008/NĐ-CP art. 9
    "supplement": 5,  # ask the petitioner for what is missing (Decision 766 §5.2)
    "extension": 15,
    "follow_up": 5,
}
# Answer deadlines of particular kinds, in working days (the others: "answer" above).
MOTCUA_PETITION_ANSWER_DAYS = {"question": 5}
# The form the statistics files follow (Circular 01/2020/TT-VPCP on the reporting regime; the
# number as legal.md gives it, to verify against the official text).
MOTCUA_STATISTICS_FORM = {
    "number": "Biểu số II.06a/VPCP/KSTT",
    "basis": "Ban hành kèm theo Thông tư số 01/2020/TT-VPCP",
}
MOTCUA_HOTLINE_OFFICE = CONFIG.hotline_office
# Public pages: requests per minute per client address before 429.
MOTCUA_PUBLIC_RATE_LIMIT = CONFIG.public_rate_limit
# Tries of one dossier code on the tracking page per minute, from any address (secret guessing).
MOTCUA_TRACK_TRIES_PER_CODE = CONFIG.track_tries_per_code
# One-time codes of online submission sent per hour, per requesting address and per recipient.
MOTCUA_CODE_SENDS_PER_HOUR = {"address": 10, "recipient": 5}
# Interfaces that answer errors in their own format (a 400 or 429 decided before their views).
MOTCUA_EDGE_ERRORS = {"/open311/": "motcua.petitions.open311.edge_error"}
# The public record shows a rate, a score or a rank only above this many cases.
MOTCUA_PUBLIC_MIN_CASES = CONFIG.public_min_cases

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "staff-dashboard"
ACCOUNT_ADAPTER = "motcua.accounts.adapter.StaffAccountAdapter"
ACCOUNT_LOGIN_METHODS = {"username", "email"}
ACCOUNT_SIGNUP_FIELDS = ["username*", "email*", "password1*"]
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_SESSION_REMEMBER = False
# Axes locks an account after 5 failures (below); allauth slows down address-wide guessing.
# The per-username ceiling is across addresses and high: Axes already stops one address after 5
# failures, so a stranger would need 60 addresses to lock a known official out for an hour.
ACCOUNT_RATE_LIMITS = {"login_failed": "20/m/ip,300/h/key"}
# API tokens are refused after this many days (an administrator issues a new one).
MOTCUA_API_TOKEN_DAYS = CONFIG.api_token_days
MFA_ADAPTER = "motcua.accounts.adapter.StaffMfaAdapter"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "motcua"
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 0.25  # hours: 15 minutes
AXES_RESET_ON_SUCCESS = True
# Username and address together: an office behind one NAT address is not locked out by one
# mistyping colleague, and nobody can lock a known username from elsewhere.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# The client address is REMOTE_ADDR, set from trusted proxies only (core.client_address).
AXES_IPWARE_META_PRECEDENCE_ORDER = ("REMOTE_ADDR",)
AXES_USERNAME_CALLABLE = "motcua.accounts.adapter.axes_username"
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False

# --- Internationalisation: Vietnamese first, English available --------------------------------
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
# Our own strings, then translations of third-party strings that ship without Vietnamese.
LOCALE_PATHS = [BASE_DIR / "motcua" / "locale", BASE_DIR / "motcua" / "locale_vendor"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
# Off: with it on, an id in a form or a link reads "1.418" once ids pass 999 (a selected agency,
# a checked dossier) and the request fails. Amounts are grouped on purpose (core.money).
USE_THOUSAND_SEPARATOR = False
FORMAT_MODULE_PATH = ["motcua.formats"]

# --- Static files: vendored, served by WhiteNoise (works offline on an intranet) -------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "motcua" / "static"]  # the project-wide CSS and vendored htmx
WHITENOISE_USE_FINDERS = True
MEDIA_ROOT = VAR_DIR / "media"
# Large uploads are spooled here during a request; leftovers of killed workers are purged
# (core.uploads.upload_leftovers_purge: at `motcua serve` and hourly).
FILE_UPLOAD_TEMP_DIR = VAR_DIR / "upload-tmp"
FILE_UPLOAD_TEMP_DIR.mkdir(exist_ok=True)
MEDIA_URL = "/media/"

# --- API --------------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "motcua.api.authentication.StaffTokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "motcua.api.pagination.BoundedPagination",
    "PAGE_SIZE": 100,
    "EXCEPTION_HANDLER": "motcua.api.errors.exception_handler",
    "DEFAULT_THROTTLE_RATES": {"anon": "60/min", "user": "1200/min"},
}
SPECTACULAR_SETTINGS = {
    "TITLE": "motcua API",
    "DESCRIPTION": "Electronic one-stop shop (một cửa điện tử) — API v1",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Several models have a "kind" or "status": name each choice set after its model.
    "ENUM_NAME_OVERRIDES": {
        "UnitKindEnum": "motcua.org.models.UnitKind",
        "AgencyKindEnum": "motcua.org.models.AgencyKind",
        "StepKindEnum": "motcua.catalog.models.StepKind",
        "DossierStatusEnum": "motcua.dossiers.models.DossierStatus",
        "StepStatusEnum": "motcua.dossiers.models.StepStatus",
        "ApplicantKindEnum": "motcua.dossiers.models.ApplicantKind",
    },
}

# --- Security -----------------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 8 * 60 * 60  # one working day
CSRF_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
BEHIND_HTTPS = CONFIG.behind_https
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if BEHIND_HTTPS else None
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = BEHIND_HTTPS
if BEHIND_HTTPS:
    # Browsers remember to use HTTPS only (a year, subdomains too); plain HTTP is redirected.
    SECURE_SSL_REDIRECT = True
    # The proxy and Prometheus ask each node over plain HTTP whether it is up, and how.
    SECURE_REDIRECT_EXEMPT = [r"^health/$", r"^metrics$"]
    SECURE_HSTS_SECONDS = 365 * 24 * 60 * 60
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    # Preloading into browsers is a province's decision for its domain, not ours (W021).
    SILENCED_SYSTEM_CHECKS = ["security.W021"]
# Content-Security-Policy: scripts and styles from our own files only, no inline script, no
# plug-ins, no framing. Staff-only API readers that need more say so on their views.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
EMAIL_BACKEND = CONFIG.email_backend
EMAIL_FILE_PATH = VAR_DIR / "outbox"
DEFAULT_FROM_EMAIL = CONFIG.default_from_email
# The SMS gateway: a class with send(phone=, text=); by default each SMS is a file in var/sms.
MOTCUA_SMS_BACKEND = CONFIG.sms_backend
# A province's own Word templates of the slips (<kind>.docx); missing ones use the defaults.
MOTCUA_DOCX_TEMPLATE_DIR = str(CONFIG.docx_template_dir)

# Gauges Prometheus reads at /metrics (core.metrics): each a function returning Gauges.
MOTCUA_METRICS_COLLECTORS = ["motcua.core.metrics.queue_gauges", "motcua.dossiers.metrics.gauges"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "motcua.core.observability.RequestIdFilter"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"},
        "json": {"()": "motcua.core.observability.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": CONFIG.log_format,
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["console"], "level": "INFO"},
    "loggers": {
        # Axes logs usernames and addresses of failed logins at INFO: keep them out of the logs.
        "axes": {"level": "WARNING"},
        # Plain logs keep gunicorn's access lines; JSON logs have these instead.
        "motcua.access": {"level": "INFO" if CONFIG.log_format == "json" else "WARNING"},
        "django.db.backends": {"level": "WARNING"},
        # Document rendering narrates every step at INFO.
        "weasyprint": {"level": "ERROR"},
        "fontTools": {"level": "WARNING"},
        "matplotlib": {"level": "WARNING"},
    },
}
