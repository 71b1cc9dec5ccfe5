"""Production: every secret comes from the environment; nothing falls back to var/."""

import os

from django.core.exceptions import ImproperlyConfigured

for _name in (
    "SECRET_KEY",
    "FIELD_ENCRYPTION_KEY",
    "BLIND_INDEX_KEY",
    "DATABASE_URL",
    "SMS_GATEWAY",
    # Several app processes share sessions and rate limits only through Redis.
    "REDIS_URL",
):
    if not os.environ.get(_name):
        raise ImproperlyConfigured(
            f"{_name} must be set in production "
            "(for development on a workstation: DJANGO_SETTINGS_MODULE=config.settings.dev)"
        )

# The console gateway delivers nothing: riders would never get their codes.
DEVELOPMENT_GATEWAYS = {"redrider.core.gateways.ConsoleGateway"}
if os.environ["SMS_GATEWAY"].strip() in DEVELOPMENT_GATEWAYS:
    raise ImproperlyConfigured("SMS_GATEWAY must name a carrier's gateway in production")

from .base import *  # noqa: E402, F403

DEBUG = False
SECURE_SSL_REDIRECT = os.environ.get("SECURE_SSL_REDIRECT", "1") == "1"
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "redrider.web.storage.StaticStorage"},
}
