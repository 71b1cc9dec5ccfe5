"""Settings for bench/rider_phone.py's server: production-like pages and static files (DEBUG off,
whitenoise with hashed, compressed, far-future-cached files) without production's secrets."""

from config.settings.base import *  # noqa: F403

DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "redrider.web.storage.StaticStorage"},
}
# Messages a case action sends are printed, not sent (no carrier on a bench).
SMS_GATEWAY = "redrider.core.gateways.ConsoleGateway"
