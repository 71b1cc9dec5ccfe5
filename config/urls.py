from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView
from django.views.static import serve

from .api import api

urlpatterns = [
    path("api/v1/", api.urls),
    # One sign-in for everything, so lockout and audit apply to the admin too.
    path("admin/login/", RedirectView.as_view(url="/login/?next=/admin/", query_string=False)),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("redrider.web.urls")),
]

for app in (
    "orgs",
    "stations",
    "riders",
    "appeals",
    "activities",
    "points",
    "planning",
    "honours",
    "dashboard",
):
    urlpatterns.insert(-1, path(f"{app}/", include(f"redrider.{app}.urls")))

if settings.DEBUG:
    urlpatterns.append(path("media/<path:path>", serve, {"document_root": settings.MEDIA_ROOT}))
