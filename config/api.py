"""The NinjaAPI under /api/v1: one router per app, errors mapped once."""

from __future__ import annotations

from django.db import connection
from django.shortcuts import render
from ninja import NinjaAPI, Swagger
from ninja.openapi.docs import _csrf_needed

from redrider.core.api import install_error_handlers


class LocalSwagger(Swagger):
    """Swagger UI served from our static files (swagger-ui-dist), never a CDN: the docs work
    offline and under the Content-Security-Policy (no inline script)."""

    def render_page(self, request, api, **kwargs):
        self.settings["url"] = self.get_openapi_url(api, kwargs)
        context = {"swagger_settings": self.settings, "api": api, "add_csrf": _csrf_needed(api)}
        return render(request, "web/swagger.html", context)


api = NinjaAPI(
    title="Red Rider (红骑手) API",
    version="1",
    urls_namespace="api",
    docs_url="/docs",
    docs=LocalSwagger(settings={"layout": "BaseLayout", "deepLinking": True}),
)
install_error_handlers(api)


@api.get("/health", auth=None, tags=["health"])
def health(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return {"status": "ok", "database": connection.vendor}


def _mount() -> None:
    from importlib import import_module

    mounts = [
        ("/auth", "redrider.accounts.api"),
        ("/regions", "redrider.regions.api"),
        ("/orgs", "redrider.orgs.api"),
        ("/stations", "redrider.stations.api"),
        ("/riders", "redrider.riders.api"),
        ("/appeals", "redrider.appeals.api"),
        ("/activities", "redrider.activities.api"),
        ("/points", "redrider.points.api"),
        ("/planning", "redrider.planning.api"),
        ("/dashboard", "redrider.dashboard.api"),
    ]
    for prefix, module in mounts:
        mod = import_module(module)
        api.add_router(prefix, mod.router)
        for extra_prefix, extra in getattr(mod, "EXTRA_ROUTERS", []):
            api.add_router(extra_prefix, extra)


_mount()
