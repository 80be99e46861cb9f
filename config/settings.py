"""Settings for the data catalog, read from environment variables only.

With nothing set you get the embedded default: a SQLite catalog under var/ and Celery tasks run
in-process. Production sets DATABASE_URL (PostgreSQL), CELERY_BROKER_URL (Redis), SECRET_KEY,
CATALOG_CREDENTIALS_KEY and ALLOWED_HOSTS. docs/configuration.md lists every variable.
"""

import os
import secrets
import warnings
from pathlib import Path

from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured

from config.env import database_from_url, env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("CATALOG_VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("DEBUG", False)
DATABASE_URL = env_str("DATABASE_URL")
EMBEDDED = DATABASE_URL is None  # the laptop default: SQLite catalog, in-process tasks


def _local_secret(filename: str, make) -> str:
    """A secret generated once into var/ so an embedded install keeps its sessions and credentials."""
    path = VAR_DIR / filename
    if not path.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(make())
        path.chmod(0o600)
    return path.read_text().strip()


def _required_secret(name: str, filename: str, make) -> str:
    value = env_str(name)
    if value:
        return value
    if DEBUG or EMBEDDED:
        return _local_secret(filename, make)
    raise ImproperlyConfigured(
        f"{name} is required when DEBUG is off and DATABASE_URL is set (production). "
        f"See docs/configuration.md."
    )


SECRET_KEY = _required_secret("SECRET_KEY", "secret_key", lambda: secrets.token_urlsafe(50))
# Fernet keys that encrypt source credentials at rest; comma-separated, the first encrypts, all decrypt.
CREDENTIALS_KEYS = _required_secret(
    "CATALOG_CREDENTIALS_KEY", "credentials_key", lambda: Fernet.generate_key().decode()
).split(",")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

# Behind TLS (production) these make cookies secure and tell browsers to stay on HTTPS.
SECURE_HTTPS = env_bool("SECURE_HTTPS", False)
SECURE_SSL_REDIRECT = SECURE_HTTPS and env_bool("SECURE_SSL_REDIRECT", True)
SESSION_COOKIE_SECURE = SECURE_HTTPS
CSRF_COOKIE_SECURE = SECURE_HTTPS
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000 if SECURE_HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HTTPS
SECURE_HSTS_PRELOAD = SECURE_HTTPS
if env_bool("SECURE_PROXY_SSL_HEADER", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"

# Login throttling (catalog.logins): failures counted in the cache per account and per address;
# reaching the limit locks that account or address for LOGIN_LOCK_SECONDS.
AUTHENTICATION_BACKENDS = ["catalog.logins.ThrottledModelBackend"]
LOGIN_FAILURES_PER_ACCOUNT = env_int("LOGIN_FAILURES_PER_ACCOUNT", 5)
LOGIN_FAILURES_PER_ADDRESS = env_int("LOGIN_FAILURES_PER_ADDRESS", 20)
LOGIN_LOCK_SECONDS = env_int("LOGIN_LOCK_SECONDS", 300)

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
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_celery_beat",
    "catalog",
    "lineage",
    "usage",
    "discussions",
    "governance",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "config.middleware.SecurityHeadersMiddleware",
    "config.middleware.RejectNulMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "config.middleware.PagesLoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

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
                "catalog.context_processors.user_role",
                "catalog.context_processors.navigation",
                "catalog.context_processors.page_assets",
            ],
        },
    },
]

if EMBEDDED:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": VAR_DIR / "catalog.sqlite3",
            "OPTIONS": {
                # WAL lets the browser read while a crawl writes; IMMEDIATE avoids lock-upgrade deadlocks.
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
                "transaction_mode": "IMMEDIATE",
                "timeout": 30,
            },
            # A file, not memory: Celery worker threads in tests need their own connections to it.
            # Named per process so that two test runs on one machine never share it.
            "TEST": {"NAME": str(VAR_DIR / f"test_catalog_{os.getpid()}.sqlite3")},
        }
    }
else:
    DATABASES = {"default": database_from_url(DATABASE_URL)}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en-us"
TIME_ZONE = env_str("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
# Before collectstatic (the demo, tests) WhiteNoise warns that this folder is missing although
# runserver serves static files from the apps; the warning is not the reader's to act on.
warnings.filterwarnings("ignore", message="No directory at", category=UserWarning)
# Serve straight from the app folders when nothing was collected (embedded runs, tests).
WHITENOISE_USE_FINDERS = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if env_bool("STATIC_MANIFEST", False)
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# Rendered Markdown and login throttling counters. Several gunicorn workers share a Redis cache
# (CACHE_URL=redis://…); the default is a per-process memory cache.
CACHE_URL = env_str("CACHE_URL")
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}
        if CACHE_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "OPTIONS": {"MAX_ENTRIES": 5000}}
    )
}

DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("DATA_UPLOAD_MAX_MEMORY_SIZE", 5 * 1024 * 1024)
FILE_UPLOAD_MAX_MEMORY_SIZE = DATA_UPLOAD_MAX_MEMORY_SIZE

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    # JSON bounded in depth (config/parsers.py), bodies in size (DATA_UPLOAD_MAX_MEMORY_SIZE).
    "DEFAULT_PARSER_CLASSES": [
        "config.parsers.BoundedJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "EXCEPTION_HANDLER": "config.api.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Data Catalog API",
    "DESCRIPTION": "Everything the browser does: sources, crawls, browsing, search, lineage, discussions.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "CrawlRunStatusEnum": "catalog.models.CrawlRun.Status",
        "StatementStatusEnum": "lineage.models.LineageStatement.Status",
    },
}

# Celery: with no broker, tasks run in-process (the embedded default); with Redis, on workers.
# Notifications (discussions' inbox) also by email, through Django's email backend.
CATALOG_NOTIFY_EMAIL = env_bool("CATALOG_NOTIFY_EMAIL", False)
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "catalog@localhost")

CELERY_BROKER_URL = env_str("CELERY_BROKER_URL")
CELERY_TASK_ALWAYS_EAGER = CELERY_BROKER_URL is None
CELERY_TASK_EAGER_PROPAGATES = False
if CELERY_BROKER_URL is None:
    CELERY_BROKER_URL = "memory://localhost/"  # a host, or kombu warns that none was supplied
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
# A worker process killed mid-task gives its message back at once instead of losing it; a whole
# worker lost leaves it unacknowledged in Redis for the visibility timeout, then it is redelivered.
# A redelivered crawl whose run still beats elsewhere is skipped (catalog.services.crawl).
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": env_int("CELERY_VISIBILITY_TIMEOUT", 300)}
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_DEFAULT_QUEUE = env_str("CELERY_TASK_DEFAULT_QUEUE", "catalog")
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_TIMEZONE = TIME_ZONE

# Which source hosts and SQLite folders a source URL may point at (see docs/connectors.md).
SOURCE_ALLOWED_HOSTS = env_list("SOURCE_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "::1"])
SOURCE_SQLITE_DIRS = env_list("SOURCE_SQLITE_DIRS", [str(VAR_DIR / "sources")])
# Ports beyond each engine's usual ones ("15432", "7000-7100", "*" for any).
SOURCE_ALLOWED_PORTS = env_list("SOURCE_ALLOWED_PORTS", [])

# Crawls: how long one may run, how it talks to sources, how many threads sample tables.
CRAWL_TIME_LIMIT = env_int("CRAWL_TIME_LIMIT", 3 * 3600)
# A running crawl writes a heartbeat this often; one silent for CRAWL_LOST_AFTER seconds lost its
# worker and is failed, by the next crawl request and by a beat task every minute.
CRAWL_HEARTBEAT_SECONDS = env_int("CRAWL_HEARTBEAT_SECONDS", 15)
CRAWL_LOST_AFTER = env_int("CRAWL_LOST_AFTER", 90)
CELERY_BEAT_SCHEDULE = {
    "fail-lost-crawls": {"task": "catalog.tasks.fail_lost_crawls_task", "schedule": 60.0},
}
CRAWL_STATEMENT_TIMEOUT = env_int("CRAWL_STATEMENT_TIMEOUT", 30)
CRAWL_CONNECT_TIMEOUT = env_int("CRAWL_CONNECT_TIMEOUT", 10)
CRAWL_SAMPLE_THREADS = env_int("CRAWL_SAMPLE_THREADS", 4)
# Tables up to this many rows are read whole at crawl time: exact profiles, evenly spread samples.
CRAWL_EXACT_PROFILE_ROWS = env_int("CRAWL_EXACT_PROFILE_ROWS", 5000)
CRAWL_RETRIES = env_int("CRAWL_RETRIES", 3)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        # In-process tasks (the embedded default) would print a trace line per task to the
        # newcomer's terminal; workers keep them.
        "celery.app.trace": {"level": "WARNING" if CELERY_TASK_ALWAYS_EAGER else "INFO"},
    },
}
