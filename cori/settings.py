"""CORI settings: one file, read from the environment, with safe local defaults."""

import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on", "si", "sí"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", True)
# The fallback key only serves local development; production sets SECRET_KEY.
SECRET_KEY = os.environ.get("SECRET_KEY", "cori-local-development-key-not-for-production")
if not DEBUG and SECRET_KEY.startswith("cori-local-"):
    raise RuntimeError("Defina SECRET_KEY en el entorno cuando DEBUG está desactivado.")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")
# A refused form (expired or foreign CSRF token) answers CORI's Spanish 403 page.
CSRF_FAILURE_VIEW = "cori.errors.csrf_failure"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",  # Swagger UI assets for /api/docs/ (no CDN)
    "simple_history",
    "cori.axes_app.AxesConfig",  # django-axes, with its Spanish name in the admin
    "import_export",
    "csp",
    "huey.contrib.djhuey",  # the report render queue (reports/tasks.py)
    "cori",
    "commissions",
    "sessions.apps.CommissionSessionsConfig",
    "agreements",
    "outreach",
    "reports",
    "signatures",
]

MIDDLEWARE = [
    # First: every response, and every log record of the request, carries its id.
    "cori.middleware.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # ETag on every GET, 304 for a matching If-None-Match (docs/api.md, conditional requests).
    "cori.middleware.ConditionalGetMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # Refuses a NUL character in the query or a form (400); an API path without its trailing
    # slash answers JSON 404 instead of a redirect that would drop the body.
    "cori.request_checks.RequestChecksMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Private, revalidated answers for whoever is signed in; the public page cacheable.
    "cori.middleware.CacheControlMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # A database that cannot be reached answers a Spanish 503 (JSON under /api/).
    "cori.middleware.DatabaseUnavailableMiddleware",
    # With DEBUG on, CORI's Spanish 404 instead of Django's English list of URL patterns.
    "cori.errors.DebugNotFoundMiddleware",
    # Last, as django-axes asks: it turns a locked-out sign-in into its lockout response.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    # django-axes counts failed sign-ins and locks the user and address out.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("AXES_COOLOFF_HOURS", "0.25"))  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True

ROOT_URLCONF = "cori.urls"
# CSV/XLSX import (cori/imports/reader.py): limits checked while the file is read, so a hostile
# file is refused early with bounded memory. Documented in docs/staff.md, «Importar CSV y XLSX».
IMPORT_MAX_BYTES = 5 * 1024 * 1024  # the uploaded file
IMPORT_MAX_ROWS = 10_000  # data rows, blank ones included
IMPORT_MAX_COLUMNS = 30
IMPORT_MAX_CELLS = 200_000  # every cell read (an XLSX's empty formatted cells too)
IMPORT_MAX_UNCOMPRESSED_BYTES = 20 * 1024 * 1024  # an XLSX's parts once unzipped
IMPORT_MAX_COMPRESSION_RATIO = 100  # for any part over 1 MB once unzipped

# Forms render through templates/django/forms/ (Bootstrap markup, help and errors linked).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"
WSGI_APPLICATION = "cori.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# SQLite file by default; PostgreSQL (production, CI) through DATABASE_URL.
# An empty DATABASE_URL (set but blank, as some process managers leave it) means the default.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", "").strip() or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "0")),
        # A persistent connection broken by an outage is replaced, never reused.
        conn_health_checks=True,
    )
}
# Seconds. A database that does not answer fails fast (503) instead of hanging a worker.
DB_CONNECT_TIMEOUT = int(os.environ.get("DB_CONNECT_TIMEOUT", "3"))
# Seconds; PostgreSQL cancels a statement that runs longer (0 turns it off).
DB_STATEMENT_TIMEOUT = int(os.environ.get("DB_STATEMENT_TIMEOUT", "30"))
# A kept connection whose database goes silent is given up instead of hanging a worker
# (cori/db/postgresql/base.py): seconds the reuse check and /salud/'s SELECT 1 wait, and the
# kernel's bounds (unacknowledged data, keepalive probes of an idle connection).
DB_HEALTH_CHECK_TIMEOUT = float(os.environ.get("DB_HEALTH_CHECK_TIMEOUT", "1"))
DB_TCP_USER_TIMEOUT = int(os.environ.get("DB_TCP_USER_TIMEOUT", "5"))
DB_KEEPALIVES_IDLE = int(os.environ.get("DB_KEEPALIVES_IDLE", "10"))
# Seconds SQLite waits for a lock held by another process before "database is locked".
DB_SQLITE_TIMEOUT = int(os.environ.get("DB_SQLITE_TIMEOUT", "20"))
_db_options = DATABASES["default"].setdefault("OPTIONS", {})
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"]["ENGINE"] = "cori.db.postgresql"
    _db_options.setdefault("connect_timeout", DB_CONNECT_TIMEOUT)
    # libpq's TCP options: an idle connection is probed after DB_KEEPALIVES_IDLE s, every 3 s,
    # and dropped after 3 unanswered probes; data unacknowledged for DB_TCP_USER_TIMEOUT s
    # drops it too.
    _db_options.setdefault("keepalives", 1)
    _db_options.setdefault("keepalives_idle", DB_KEEPALIVES_IDLE)
    _db_options.setdefault("keepalives_interval", 3)
    _db_options.setdefault("keepalives_count", 3)
    _db_options.setdefault("tcp_user_timeout", DB_TCP_USER_TIMEOUT * 1000)
    _db_options["options"] = " ".join(
        filter(None, [_db_options.get("options"), f"-c statement_timeout={DB_STATEMENT_TIMEOUT}s"])
    )
elif DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    _db_options.setdefault("timeout", DB_SQLITE_TIMEOUT)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A write transaction takes SQLite's lock when it begins, so a version checked inside
    # it (cori.locking) cannot be overtaken by another save, as a row lock does on PostgreSQL.
    DATABASES["default"].setdefault("OPTIONS", {})["transaction_mode"] = "IMMEDIATE"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "es-mx"
LANGUAGES = [("es-mx", "Español (México)")]
TIME_ZONE = "America/Mexico_City"
USE_I18N = True
USE_TZ = True
# locale/ lowers the case of Django's Spanish day and month names; cori/formats sets the
# date formats. Together: "lunes 26 de septiembre de 2022" everywhere.
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["cori.formats"]

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
# Documents (signed agreements…): a folder no URL serves; they leave only through views
# that check the commission's access (cori/documents.py; docs/operations.md, "Static files and
# documents").
DOCUMENTS_ROOT = Path(os.environ.get("DOCUMENTS_ROOT", BASE_DIR / "documents"))
DOCUMENT_MAX_BYTES = int(os.environ.get("DOCUMENT_MAX_BYTES", str(20 * 1024 * 1024)))
# What a PDF's pages may take once inflated (a small file can inflate to gigabytes): checked
# when a document is attached and again when the session's packet stamps its pages.
DOCUMENT_MAX_INFLATED_BYTES = int(
    os.environ.get("DOCUMENT_MAX_INFLATED_BYTES", str(64 * 1024 * 1024))
)
# e.g. "/documentos-internos/": an nginx `internal` location aliased to DOCUMENTS_ROOT.
DOCUMENTS_X_ACCEL_REDIRECT = os.environ.get("DOCUMENTS_X_ACCEL_REDIRECT", "")
# Rendered reports (PDF, PDF/A, DOCX) kept under the hash of their content, so a repeated
# download is read, not rendered again (reports/rendering.py); any folder, may be emptied.
RENDER_CACHE_ROOT = Path(os.environ.get("RENDER_CACHE_ROOT", BASE_DIR / "render-cache"))
RENDER_CACHE_MAX_BYTES = int(os.environ.get("RENDER_CACHE_MAX_BYTES", str(1024 * 1024 * 1024)))
RENDER_CACHE_MAX_DAYS = int(os.environ.get("RENDER_CACHE_MAX_DAYS", "90"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "render_cache": {
        "BACKEND": "cori.printing.RenderCacheStorage",
        "OPTIONS": {"location": RENDER_CACHE_ROOT},
    },
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
    "documents": {
        "BACKEND": "cori.documents.PrivateFileSystemStorage",
        "OPTIONS": {
            "location": DOCUMENTS_ROOT,
            "file_permissions_mode": 0o640,
            "directory_permissions_mode": 0o750,
        },
    },
}
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
# ADMINS="Nombre Apellido <nombre@iecm.mx>,Otra Persona <otra@iecm.mx>": they get every 500
# by e-mail (mail_admins) when DEBUG is off.
ADMINS = [
    (name.strip(), address.strip().rstrip(">"))
    for name, _, address in (item.partition("<") for item in env_list("ADMINS", ""))
]
SERVER_EMAIL = os.environ.get("SERVER_EMAIL", "cori@localhost")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", SERVER_EMAIL)

# Logs go to stderr (the process manager or container keeps them): every 5xx with its
# traceback, every record with the request id of cori.middleware.RequestIdMiddleware.
LOG_LEVEL = os.environ.get("LOG_LEVEL", "WARNING")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_id": {"()": "cori.middleware.RequestIdFilter"},
        "require_debug_false": {"()": "django.utils.log.RequireDebugFalse"},
    },
    "formatters": {
        "plain": {
            "format": "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s",
        },
    },
    "handlers": {
        "stderr": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stderr",
            "filters": ["request_id"],
            "formatter": "plain",
        },
        "mail_admins": {
            "class": "django.utils.log.AdminEmailHandler",
            "level": "ERROR",
            "filters": ["require_debug_false", "request_id"],
        },
    },
    "root": {"handlers": ["stderr"], "level": LOG_LEVEL},
    "loggers": {
        # Replaces Django's own handlers of "django" (they would print and mail twice):
        # its records go to the root's stderr; 5xx are also mailed to ADMINS.
        "django": {"handlers": [], "level": "INFO", "propagate": True},
        "django.request": {"handlers": ["mail_admins"], "propagate": True},
        # The worker (run_worker) adds its own printer to "huey" when that logger has none,
        # and its records then reached the root's too: every line printed twice. One printer.
        "huey": {"handlers": ["stderr"], "level": "INFO", "propagate": False},
    },
}

# Local memory per process by default; with REDIS_URL every worker shares one cache, so
# the API throttles count each client once, and sessions are cached there (kept in the
# database as well, so a Redis restart signs nobody out).
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "cori"),
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# The dashboard's figures, alerts and homes are kept in that cache until the next write of
# a record (cori/datacache.py); this only frees the memory of copies nobody asks for. 0: off.
DATA_CACHE_SECONDS = int(os.environ.get("DATA_CACHE_SECONDS", str(6 * 3600)))

# What sends e-mail is limited per address and per client (the signed-in user, or the
# address a request comes from), counted in the cache above (cori/ratelimit.py):
# name: (per address, per client, window in seconds).
EMAIL_RATE_LIMITS = {
    "password_reset": (3, 10, 3600),
    "invitation": (3, 30, 3600),
    "convocatoria": (6, 30, 3600),  # a convocatoria and its adendas, per recipient
}

# The report render queue (Huey, reports/tasks.py): a SQLite file beside the project by
# default (no server), Redis when REDIS_URL is set, so workers on several machines share
# the work. `python manage.py run_worker` consumes it; `make run` starts one.
HUEY = {
    "name": os.environ.get("HUEY_NAME", "cori"),
    "immediate": env_bool("HUEY_IMMEDIATE", False),  # True runs each job inside the call
    "consumer": {"workers": int(os.environ.get("HUEY_WORKERS", "1")), "worker_type": "thread"},
}
if REDIS_URL:
    HUEY.update({"huey_class": "huey.RedisHuey", "url": REDIS_URL})
else:
    HUEY.update(
        {
            "huey_class": "huey.SqliteHuey",
            "filename": os.environ.get("HUEY_FILE", str(BASE_DIR / "huey.sqlite3")),
        }
    )
# The installation's address: the base of every absolute link CORI writes (calendar, Atom
# feed, e-mails) and the domain of its calendar UIDs (cori/site.py), never the request's Host.
SITE_URL = os.environ.get("SITE_URL", "http://localhost:8000").rstrip("/")
# Calendar subscription links with the key in the query string (made before December 2026)
# work until this day; then they answer 410 and say where to copy the new one.
CALENDAR_QUERY_KEY_UNTIL = os.environ.get("CALENDAR_QUERY_KEY_UNTIL", "2027-06-30")
# A report with more rows, paragraphs and list items than this is rendered by the worker;
# a smaller one inside the request (the seed quarter, ~700, renders in about 2.5 s).
REPORT_INLINE_MAX_BLOCKS = int(os.environ.get("REPORT_INLINE_MAX_BLOCKS", "1200"))
# Renders open at once (pending or running) per API token, per user and per commission;
# beyond them a new one is refused (429 with Retry-After on the API): a minute of requests
# cannot become an hour of backlog (reports.services.report_render_request).
RENDER_QUEUE_MAX_PER_TOKEN = int(os.environ.get("RENDER_QUEUE_MAX_PER_TOKEN", "3"))
RENDER_QUEUE_MAX_PER_USER = int(os.environ.get("RENDER_QUEUE_MAX_PER_USER", "3"))
RENDER_QUEUE_MAX_PER_COMMISSION = int(os.environ.get("RENDER_QUEUE_MAX_PER_COMMISSION", "6"))
RENDER_QUEUE_RETRY_AFTER = int(os.environ.get("RENDER_QUEUE_RETRY_AFTER", "30"))
# A render still open this long after it was asked for was left by a stopped worker: it
# holds no place and is not joined (asking again queues a new one).
RENDER_QUEUE_STALE_MINUTES = int(os.environ.get("RENDER_QUEUE_STALE_MINUTES", "60"))
# A session packet with more document pages than this is built by the render queue.
SESSION_PACKET_INLINE_MAX_PAGES = int(os.environ.get("SESSION_PACKET_INLINE_MAX_PAGES", "150"))
# Days a convocatoria's personal acuse link stays valid after the sending (the e-mail says
# until when); after that the councillor asks the technical secretariat.
CONVOCATORIA_ACKNOWLEDGEMENT_DAYS = int(os.environ.get("CONVOCATORIA_ACKNOWLEDGEMENT_DAYS", "30"))
# Parts of a long PDF laid out at the same time (processes); 1 renders in one piece.
REPORT_RENDER_PROCESSES = int(os.environ.get("REPORT_RENDER_PROCESSES", str(os.cpu_count() or 1)))
# The institute's identity on the report's cover and running header (cori/identity.py,
# checked at start-up): its name, its logo (an SVG, PNG or JPEG file of the installation;
# the repository ships a neutral placeholder), a PNG of it for Word, which takes no SVG
# ("" for none), and two colours in hex.
_PLACEHOLDER_LOGO = BASE_DIR / "static" / "reports" / "identity" / "placeholder"
REPORT_INSTITUTION_NAME = os.environ.get(
    "REPORT_INSTITUTION_NAME", "Instituto Electoral de la Ciudad de México"
)
REPORT_LOGO = os.environ.get("REPORT_LOGO", str(_PLACEHOLDER_LOGO.with_suffix(".svg")))
REPORT_LOGO_PNG = os.environ.get(
    "REPORT_LOGO_PNG",
    "" if "REPORT_LOGO" in os.environ else str(_PLACEHOLDER_LOGO.with_suffix(".png")),
)
REPORT_PRIMARY_COLOR = os.environ.get("REPORT_PRIMARY_COLOR", "#5b1f69")
REPORT_ACCENT_COLOR = os.environ.get("REPORT_ACCENT_COLOR", "#b0842c")

# Largest request body (files apart): beyond it the API answers 413 JSON and the pages a
# Spanish 413 page (cori/errors.py). Django's default, 2.5 MB.
DATA_UPLOAD_MAX_MEMORY_SIZE = int(os.environ.get("DATA_UPLOAD_MAX_MEMORY_SIZE", "2621440"))

# Electronic signatures of the acts (docs/signing.md). The certification authorities whose
# certificates CORI accepts and reports as trusted: certificate files (PEM or DER), comma
# separated; their revocation lists (CRL files) likewise.
SIGNATURE_TRUST_ROOTS = env_list("SIGNATURE_TRUST_ROOTS", "")
SIGNATURE_CRLS = env_list("SIGNATURE_CRLS", "")
# Ask the certificates' OCSP responders and CRL addresses over the network (off: offline).
SIGNATURE_FETCH_REVOCATION = env_bool("SIGNATURE_FETCH_REVOCATION", False)
# An RFC 3161 timestamp authority: with it signatures are PAdES B-T, without it B-B.
SIGNATURE_TSA_URL = os.environ.get("SIGNATURE_TSA_URL", "")
# The demo's certification authority and certificates (``sign_demo_acts``), trusted only
# with SIGNATURE_TRUST_DEMO, which is off unless DEBUG is on: never in production.
SIGNATURE_DEMO_DIR = Path(os.environ.get("SIGNATURE_DEMO_DIR", BASE_DIR / "firmas-demo"))
SIGNATURE_TRUST_DEMO = env_bool("SIGNATURE_TRUST_DEMO", DEBUG)
# Largest PDF the verification page and API read (bytes).
SIGNATURE_VERIFY_MAX_BYTES = int(
    os.environ.get("SIGNATURE_VERIFY_MAX_BYTES", str(20 * 1024 * 1024))
)
# Verifications (/verificar/ and its API, counted together; cori/ratelimit.py): per client
# address and for all clients together, (count, window in seconds).
SIGNATURE_VERIFY_RATE_LIMITS = {
    "client": (
        int(os.environ.get("SIGNATURE_VERIFY_PER_CLIENT", "20")),
        int(os.environ.get("SIGNATURE_VERIFY_WINDOW_SECONDS", "600")),
    ),
    "all": (
        int(os.environ.get("SIGNATURE_VERIFY_ALL_CLIENTS", "300")),
        int(os.environ.get("SIGNATURE_VERIFY_WINDOW_SECONDS", "600")),
    ),
}

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "cori.api.autoschema.CoriAutoSchema",
    # API tokens (``Authorization: Token <key>``) first, so a missing one answers 401.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "cori.api.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["cori.api.permissions.ApiPermission"],
    "DEFAULT_THROTTLE_CLASSES": ["cori.api.throttling.ApiRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"api": os.environ.get("API_THROTTLE_RATE", "120/min")},
    "DEFAULT_PAGINATION_CLASS": "cori.api.pagination.ApiPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "DEFAULT_PARSER_CLASSES": ["cori.api.parsers.JSONParser"],
    "EXCEPTION_HANDLER": "cori.api.exceptions.api_exception_handler",
    "DATE_FORMAT": "iso-8601",
    "DATETIME_FORMAT": "iso-8601",
    "COERCE_DECIMAL_TO_STRING": False,
    "URL_FORMAT_OVERRIDE": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "CORI API",
    "DESCRIPTION": (
        "API REST de CORI: registros de las comisiones (sesiones, acuerdos, convenios, "
        "difusión…) y el informe trimestral. Autenticación con «Authorization: Token <clave>» "
        "o con la sesión del sitio. Errores en JSON: detail, code, errors."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    # Enums as components, then what every operation answers (statuses, JSON errors,
    # headers, ASCII names): cori/api/schema.py.
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "cori.api.schema.postprocess_schema",
    ],
    # Swagger UI from the drf-spectacular-sidecar package, never from a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "AttendanceStatusEnum": "sessions.models.Attendance.Status",
        # An accord's cumplimiento and a follow-up note's status after it: one vocabulary.
        "FollowUpStatusEnum": "sessions.models.followup.FollowUpStatus",
        # A minuta and its fe de erratas: one lifecycle (borrador, enviada, aprobada).
        "MinutesStatusEnum": "sessions.models.Minutes.Status",
        # The kinds of report (``reports.content.REPORT_KINDS``), and those issued by POST.
        "ReportKindEnum": "reports.models.KIND_CHOICES",
        "IssuableReportKindEnum": "reports.api.serializers.ISSUABLE_KINDS",
    },
}

# Content-Security-Policy (django-csp): scripts, styles, fonts and images from CORI only;
# no inline script or style, no plug-ins, no framing. The API's Swagger UI relaxes it
# for its own page (cori/api/urls.py).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

# HTTPS in production (all on by default when DEBUG is off; `manage.py check --deploy`).
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0" if DEBUG else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
# Behind a reverse proxy that terminates TLS and sets X-Forwarded-Proto.
if env_bool("SECURE_PROXY_SSL_HEADER", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# The health check answers over plain HTTP too (a load balancer asks it directly).
SECURE_REDIRECT_EXEMPT = [r"^salud/$"]

if not DEBUG:
    # In production WhiteNoise serves the collected static files (Bootstrap, fonts, CSS)
    # from the application itself: run `manage.py collectstatic` when deploying.
    MIDDLEWARE.insert(
        MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1,
        "whitenoise.middleware.WhiteNoiseMiddleware",
    )
    SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", True)
    CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", True)
