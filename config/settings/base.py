"""Settings shared by every environment; everything that varies comes from the environment."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("REDRIDER_VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)
(VAR_DIR / "staticfiles").mkdir(exist_ok=True)


def env(name: str, default: str | None = None) -> str | None:
    value = os.environ.get(name)
    return value if value not in (None, "") else default


def local_secret(name: str, nbytes: int = 32) -> str:
    """A secret from the environment or, for local use only, generated once into var/.

    prod.py refuses to start without the environment variable, so this file never
    serves production.
    """
    value = env(name)
    if value:
        return value
    path = VAR_DIR / f"{name.lower()}.key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(nbytes))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = local_secret("SECRET_KEY", 50)
# Encrypts backup files (`redrider backup`): never one of the database's keys; production keeps
# it away from the database servers. No default: a backup without it refuses to start.
BACKUP_KEY = env("BACKUP_KEY", "") or ""
# Where pg_dump/pg_restore live when not on the PATH (e.g. /usr/lib/postgresql/15/bin).
PG_BIN_DIR = env("PG_BIN_DIR", "") or ""
FIELD_ENCRYPTION_KEY = local_secret("FIELD_ENCRYPTION_KEY")
BLIND_INDEX_KEY = local_secret("BLIND_INDEX_KEY")
# The previous keys while `redrider rotate_keys` moves every value to the current ones
# (comma-separated; empty once the rotation is done). docs/operations.md "Key rotation".
FIELD_ENCRYPTION_KEYS_OLD = env("FIELD_ENCRYPTION_KEYS_OLD", "") or ""
BLIND_INDEX_KEYS_OLD = env("BLIND_INDEX_KEYS_OLD", "") or ""
DEBUG = False
ALLOWED_HOSTS = [h for h in (env("ALLOWED_HOSTS", "127.0.0.1,localhost") or "").split(",") if h]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_tasks",
    "django_tasks_db",
    "redrider.core",
    "redrider.regions",
    "redrider.accounts",
    "redrider.orgs",
    "redrider.web",
    "redrider.stations",
    "redrider.riders",
    "redrider.appeals",
    "redrider.activities",
    "redrider.points",
    "redrider.planning",
    "redrider.honours",
    "redrider.workplan",
    "redrider.dashboard",
]

MIDDLEWARE = [
    "redrider.core.logging.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "redrider.core.unavailable.UnavailableMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "redrider.core.middleware.RequestContextMiddleware",
    "redrider.core.middleware.CleanFormInputMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "redrider.core.middleware.PrivateResponseMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "redrider.accounts.middleware.StaffIdleTimeoutMiddleware",
    "redrider.accounts.middleware.StaffSecondFactorMiddleware",
    "redrider.core.ratelimit.RateLimitMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "redrider.web.context.console",
            ],
            "builtins": ["redrider.web.templatetags.regions", "redrider.web.templatetags.pages"],
        },
    },
]


def database_from_env() -> dict:
    url = env("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'redrider.sqlite3'}"
    config: dict = dict(
        dj_database_url.parse(
            url,
            conn_max_age=0 if url.startswith("sqlite") else 60,
            # A reused connection is tested before each request, so a process recovers by itself
            # after the database restarts (docs/operations.md, "Database faults").
            conn_health_checks=not url.startswith("sqlite"),
        )
    )
    if config["ENGINE"] == "django.db.backends.postgresql":
        # A server that does not answer fails the request fast (503) instead of hanging it.
        config.setdefault("OPTIONS", {})["connect_timeout"] = int(
            env("DATABASE_CONNECT_TIMEOUT", "5") or 5
        )
    if config["ENGINE"] == "django.db.backends.sqlite3":
        # WAL lets readers work while one writer writes; IMMEDIATE takes the write lock
        # at BEGIN so two writers queue instead of failing half-way through.
        config["OPTIONS"] = {
            "transaction_mode": "IMMEDIATE",
            # How long a writer waits for another's lock before answering 503 (core.unavailable).
            "timeout": float(env("SQLITE_BUSY_TIMEOUT", "30") or 30),
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
            ),
        }
    return config


DATABASES = {"default": database_from_env()}


def caches_from_env() -> dict:
    """Redis (django-redis) when REDIS_URL is set: the cache, the sessions' cache and the rate
    limits (core.ratelimit) shared by every app process (the sign-in lockouts of django-axes
    live in the database, shared too). Without it (a workstation, one process) a local-memory
    cache. Redis errors are ignored by the cache — rate limits fail open, sessions fall back to
    the database (`cached_db`) — and /api/v1/health reports the cache as down."""
    url = env("REDIS_URL")
    if not url:
        return {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    return {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": url,
            "KEY_PREFIX": env("CACHE_KEY_PREFIX", "redrider"),
            "OPTIONS": {
                "CLIENT_CLASS": "django_redis.client.DefaultClient",
                "SOCKET_CONNECT_TIMEOUT": 1,
                "SOCKET_TIMEOUT": 1,
                "IGNORE_EXCEPTIONS": True,
            },
        }
    }


CACHES = caches_from_env()
# Sessions live in the database (durable, shared) and are read through the cache when it is
# Redis, so every app process sees the same session.
SESSION_ENGINE = (
    "django.contrib.sessions.backends.cached_db"
    if env("REDIS_URL")
    else "django.contrib.sessions.backends.db"
)
# Requests per window for sign-ins, SMS codes, API reads and exports (core.ratelimit); a
# deployment may tune one bucket, e.g. RATE_LIMITS = {"list": (1200, 60)}.
RATE_LIMITS_ENABLED = env("RATE_LIMITS_ENABLED", "1") == "1"


def rate_limits_from_env(text: str) -> dict[str, tuple[int, int]]:
    """RATE_LIMITS="login=30/60,list=600/60": requests per seconds for the named buckets."""
    found = {}
    for part in filter(None, (p.strip() for p in text.split(","))):
        name, _, rate = part.partition("=")
        count, _, seconds = rate.partition("/")
        found[name.strip()] = (int(count), int(seconds or 60))
    return found


RATE_LIMITS: dict[str, tuple[int, int]] = rate_limits_from_env(env("RATE_LIMITS", "") or "")
DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
DJANGO_REDIS_LOGGER = "redrider.cache"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "redrider.accounts.backends.PhoneOrUsernameBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    # Staff: ≥ 10 characters of three classes, changed every 90 days (accounts/passwords.py).
    {"NAME": "redrider.accounts.passwords.StaffPasswordValidator"},
]
STAFF_PASSWORD_MIN_LENGTH = 10
STAFF_PASSWORD_MAX_AGE_DAYS = int(env("STAFF_PASSWORD_MAX_AGE_DAYS", "90") or 90)
# Staff sign in with a TOTP code (django-otp) after their password; riders are exempt. A staff
# account without a device must enrol at its next sign-in before it can do anything else.
# Development and the test suite turn the enrolment off (demo accounts have no device); an
# account that has a device is asked for its code everywhere.
STAFF_OTP_REQUIRED = env("STAFF_OTP_REQUIRED", "1") == "1"
OTP_TOTP_ISSUER = "红骑手 Red Rider"
LOGIN_URL = "web:login"
LOGIN_REDIRECT_URL = "web:console"

# Lockout per user name: five failures lock that name for 30 minutes, even with the right
# password; other names are unaffected and the lock lifts by itself.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 0.5  # hours
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_RESET_ON_SUCCESS = True
AXES_ENABLE_ACCESS_FAILURE_LOG = False
AXES_VERBOSE = False
AXES_LOCKOUT_CALLABLE = "redrider.accounts.views.lockout_response"
AXES_USERNAME_CALLABLE = "redrider.accounts.backends.axes_username"
# The lock is deliberately per name only (the issue's rule: other names stay unaffected, so a
# shared office IP is never locked out as a whole).
SILENCED_SYSTEM_CHECKS = ["axes.W006"]

# Staff sessions end after 30 idle minutes (accounts.middleware); riders stay signed in.
SESSION_COOKIE_AGE = 30 * 24 * 3600  # riders stay signed in; staff idle out below
# Written only when changed (accounts.middleware moves the last-seen stamp at most once a minute).
SESSION_SAVE_EVERY_REQUEST = False
SESSION_COOKIE_HTTPONLY = True
STAFF_IDLE_SECONDS = 30 * 60
RIDER_TOKEN_DAYS = 30
CSRF_COOKIE_HTTPONLY = False

# Security headers on every response (docs/operations.md "Security headers"): no MIME sniffing,
# no referrer beyond this site, no framing (also the CSP's frame-ancestors), a separate browsing
# context group. HSTS is production's (prod.py), sent over HTTPS only.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

LANGUAGE_CODE = "zh-hans"
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English"), ("bo", "བོད་ཡིག")]
LOCALE_PATHS = [BASE_DIR / "redrider" / "locale"]

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
MEDIA_URL = "/media/"  # never routed: private files are answered by views (core/files.py)
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(VAR_DIR / "media")) or "")
# Exports, import lists and photos hold personal data: owner-only on disk.
FILE_UPLOAD_PERMISSIONS = 0o600
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700
# Who sends a private file once a view has allowed it: "django" (this process), "nginx"
# (X-Accel-Redirect to PRIVATE_FILES_INTERNAL_URL, an `internal;` location aliased to
# MEDIA_ROOT) or "sendfile" (X-Sendfile with the absolute path, Apache/lighttpd).
PRIVATE_FILES_SERVER = env("PRIVATE_FILES_SERVER", "django") or "django"
PRIVATE_FILES_INTERNAL_URL = env("PRIVATE_FILES_INTERNAL_URL", "/internal-media/") or ""
if PRIVATE_FILES_SERVER not in ("django", "nginx", "sendfile"):
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("PRIVATE_FILES_SERVER must be django, nginx or sendfile")
DATA_UPLOAD_MAX_MEMORY_SIZE = 60 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
MAX_PHOTO_BYTES = 8 * 1024 * 1024
MAX_IMPORT_BYTES = 30 * 1024 * 1024

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# /api/v1/health says the queue is down when a ready task has waited this long (no worker).
TASK_QUEUE_STALE_SECONDS = int(env("TASK_QUEUE_STALE_SECONDS", "900") or 900)

# Logs go to standard output (systemd's journal collects them): one JSON object per line in
# production (LOG_FORMAT=json), text on a workstation; personal data masked in both
# (core.logging). One access line per request comes from RequestLogMiddleware.
LOG_FORMAT = env("LOG_FORMAT", "json") or "json"
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {"()": "redrider.core.logging.JsonFormatter"},
        "text": {
            "()": "redrider.core.logging.ScrubbingTextFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s",
        },
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {
        "axes": {"level": "WARNING"},
        # 4xx answers are in the access line already; django.request keeps the 5xx tracebacks.
        "django.request": {"level": "ERROR"},
        "redrider.access": {"level": env("ACCESS_LOG_LEVEL", "INFO")},
    },
}

# Map tiles (README "Maps"): osm (default), tianditu (needs MAP_TILES_KEY), amap (GCJ-02), a
# self-hosted URL template such as https://tiles.example.gov.cn/{z}/{x}/{y}.png, or none. Whenever
# tiles fail the maps draw the offline base layer (region outlines and names shipped as files).
MAP_TILES = env("MAP_TILES", "osm") or "osm"
MAP_TILES_KEY = env("MAP_TILES_KEY", "")


def tile_sources(kind: str) -> list[str]:
    """The origins map tiles may come from, for the Content-Security-Policy's img-src: the
    three public servers the maps know, plus a self-hosted server's origin."""
    known = [
        "https://tile.openstreetmap.org",
        "https://*.tianditu.gov.cn",
        "https://*.is.autonavi.com",
    ]
    if "{z}" in kind:
        from urllib.parse import urlsplit

        parts = urlsplit(kind.replace("{s}", "x"))
        if parts.scheme and parts.netloc:
            host = parts.netloc.replace("x.", "*.", 1) if "{s}" in kind else parts.netloc
            known.append(f"{parts.scheme}://{host}")
    return known


# Content-Security-Policy (django-csp) on every response: script only from our own static files
# (no inline script, no eval), styles only from our stylesheets (no style attributes or <style>
# blocks: page scripts style through classes and the CSSOM), images from us, data:/blob: URLs
# (resized photos, map icons) and the tile server; fetches only to this site.
from csp.constants import NONE, SELF  # noqa: E402

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:", "blob:", *tile_sources(MAP_TILES)],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        # No page of ours is ever framed (clickjacking), not even by ourselves.
        "frame-ancestors": [NONE],
    },
}
# The message gateway (SMS codes, case notices): no default here. Development and tests choose
# the console gateway themselves; production names its carrier's gateway in the environment and
# refuses to start without one (prod.py).
SMS_GATEWAY = env("SMS_GATEWAY")
LOCATION_RETENTION_DAYS = int(env("LOCATION_RETENTION_DAYS", "90") or 90)

# Django ships no Tibetan locale; the rider pages carry their own catalogue.
from django.conf import locale as _django_locale  # noqa: E402

_django_locale.LANG_INFO.setdefault(
    "bo", {"bidi": False, "code": "bo", "name": "Tibetan", "name_local": "བོད་ཡིག"}
)
