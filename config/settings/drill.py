"""The drills' settings: production's, except static files are not hashed and compressed.

`collectstatic` with compression takes minutes on a busy machine, and nothing a drill proves
depends on hashed static file names; every other setting (DEBUG off, secrets from the
environment, Redis, security headers, logging) is production's.
"""

from config.settings.prod import *  # noqa: F403

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
