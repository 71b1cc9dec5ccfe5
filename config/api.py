"""The NinjaAPI under /api/v1: one router per app, errors mapped once."""

from __future__ import annotations

from django.db import connection
from ninja import NinjaAPI

from redrider.core.api import install_error_handlers

api = NinjaAPI(
    title="Red Rider (红骑手) API",
    version="1",
    urls_namespace="api",
    docs_url="/docs",
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
        ("/honours", "redrider.honours.api"),
        ("/dashboard", "redrider.dashboard.api"),
    ]
    for prefix, module in mounts:
        mod = import_module(module)
        api.add_router(prefix, mod.router)
        for extra_prefix, extra in getattr(mod, "EXTRA_ROUTERS", []):
            api.add_router(extra_prefix, extra)


_mount()
