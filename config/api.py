"""The NinjaAPI under /api/v1: one router per app, errors mapped once."""

from __future__ import annotations

from django.db import connection
from ninja import NinjaAPI

from redrider.core.api import CleanParser, install_error_handlers
from redrider.core.discovery import app_modules

api = NinjaAPI(
    title="Red Rider (红骑手) API",
    version="1",
    urls_namespace="api",
    docs_url="/docs",
    parser=CleanParser(),
)
install_error_handlers(api)


@api.get("/health", auth=None, tags=["health"])
def health(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return {"status": "ok", "database": connection.vendor}


def _mount() -> None:
    """Each app's `api.py` (found by name) mounts its `router` at /api/v1/<app label> — or at its
    `PREFIX` — and any `EXTRA_ROUTERS` [(prefix, router)] it declares. core/api.py is the shared
    plumbing (errors, pagination), not a router."""
    for config, module in app_modules("api"):
        if config.label == "core":
            continue
        api.add_router(getattr(module, "PREFIX", f"/{config.label}"), module.router)
        for extra_prefix, extra in getattr(module, "EXTRA_ROUTERS", []):
            api.add_router(extra_prefix, extra)


_mount()
