"""The WSGI entry point (`gunicorn config.wsgi`): production settings unless another module is
named in DJANGO_SETTINGS_MODULE. Production refuses to start without its keys, so this never
runs with DEBUG by accident; development is asked for explicitly (`make demo`)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.prod")
application = get_wsgi_application()
