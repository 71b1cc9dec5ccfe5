"""Settings for bench/rider_phone.py's server: production-like pages and static files (DEBUG off,
whitenoise with hashed, compressed, far-future-cached files) without production's secrets."""

from config.settings.base import *  # noqa: F403

DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "redrider.web.storage.StaticStorage"},
}
