from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from redrider.core.api import path_not_found
from redrider.core.discovery import app_modules

from .api import api

# A database or cache outage met before any view (the session, the user) answers 503, not 500.
handler500 = "redrider.core.unavailable.server_error"

urlpatterns = [
    path("api/v1/", api.urls),
    # An address under the API that no operation has answers the API's JSON 404.
    path("api/v1/<path:rest>", path_not_found),
    # One sign-in for everything, so lockout and audit apply to the admin too.
    path("admin/login/", RedirectView.as_view(url="/login/?next=/admin/", query_string=False)),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("redrider.web.urls")),
]

# Each app's `urls.py` (found by name) is mounted at /<app label>/; the page shells (`web`) own
# the root and stay last.
for config, module in app_modules("urls"):
    if config.label != "web":
        urlpatterns.insert(-1, path(f"{config.label}/", include(module)))

# MEDIA_ROOT is never served as a directory, in development either: every stored file (exports,
# import lists, photos) is answered by a view that checks the user (core/files.py).
