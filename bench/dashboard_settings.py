"""Settings for bench/dashboard_national.py's server: production-like pages and static files
(DEBUG off, whitenoise with hashed, compressed, far-future-cached files) without production's
secrets, on the national-scale PostgreSQL database given by DATABASE_URL."""

import os

from config.settings.base import *  # noqa: F403

DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "redrider.web.storage.StaticStorage"},
}
SMS_GATEWAY = "redrider.core.gateways.ConsoleGateway"
# The bench compares the rollups with the direct count over the rows (off: every figure counted
# from the rows, as before the rollups).
DASHBOARD_ROLLUPS = os.environ.get("DASHBOARD_ROLLUPS", "on") != "off"
# The bench signs its users in with a password only (like a workstation): no TOTP enrolment or
# password expiry between it and the page it measures.
STAFF_OTP_REQUIRED = False
STAFF_PASSWORD_MAX_AGE_DAYS = 0
