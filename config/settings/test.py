"""Test settings: the real databases (a SQLite file or PostgreSQL), fast hashing."""

import os

from .base import *  # noqa: F403
from .base import DATABASES, VAR_DIR

# TEST_POSTGRES_URL switches the suite to PostgreSQL without touching DATABASE_URL.
if os.environ.get("TEST_POSTGRES_URL"):
    import dj_database_url

    DATABASES["default"] = dict(dj_database_url.parse(os.environ["TEST_POSTGRES_URL"]))
    # One test database per run, so parallel runs on one server never collide.
    DATABASES["default"]["TEST"] = {"NAME": f"test_redrider_{os.getpid()}"}

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A file, never :memory:, so concurrency tests exercise real locking.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / f"test-{os.getpid()}.sqlite3")}

SMS_GATEWAY = "redrider.core.gateways.ConsoleGateway"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Per process: the SQLite and PostgreSQL passes of `make test` run side by side.
MEDIA_ROOT = VAR_DIR / f"test-media-{os.getpid()}"
ALLOWED_HOSTS = ["*"]
LOGGING = {"version": 1, "disable_existing_loggers": False}
NEARBY_REBUILD_IN_BACKGROUND = False  # a thread would not see the test transaction
# Rate limits would throttle the suite's own fuzzing; core/tests/test_ratelimit.py turns them on.
RATE_LIMITS_ENABLED = False
# Personas have no TOTP device; the second-factor tests turn enrolment on themselves.
STAFF_OTP_REQUIRED = False
