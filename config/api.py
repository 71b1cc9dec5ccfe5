"""The NinjaAPI under /api/v1: one router per app, errors mapped once."""

from __future__ import annotations

from typing import Literal

from django.db import connection
from django.shortcuts import render
from ninja import Field, NinjaAPI, Schema, Swagger
from ninja.openapi.docs import _csrf_needed

from redrider.core.api import CleanParser, declare_refusals, install_error_handlers
from redrider.core.discovery import app_modules
from redrider.core.unavailable import install as install_outage_handlers


class LocalSwagger(Swagger):
    """Swagger UI served from our static files (swagger-ui-dist), never a CDN: the docs work
    offline and under the Content-Security-Policy (no inline script)."""

    def render_page(self, request, api, **kwargs):
        self.settings["url"] = self.get_openapi_url(api, kwargs)
        context = {"swagger_settings": self.settings, "api": api, "add_csrf": _csrf_needed(api)}
        return render(request, "web/swagger.html", context)


class RedRiderAPI(NinjaAPI):
    """The API whose schema declares, besides each operation's own answers, the refusals every
    operation gives by its shape (`core.api.declare_refusals`)."""

    def get_openapi_schema(self, *args, **kwargs):
        return declare_refusals(super().get_openapi_schema(*args, **kwargs))


api = RedRiderAPI(
    title="Red Rider (红骑手) API",
    version="1",
    urls_namespace="api",
    docs_url="/docs",
    parser=CleanParser(),
    docs=LocalSwagger(settings={"layout": "BaseLayout", "deepLinking": True}),
)
install_error_handlers(api)
install_outage_handlers(api)


class HealthOut(Schema):
    status: Literal["ok"]
    database: str = Field(description="the database vendor: sqlite or postgresql")


@api.get("/health", auth=None, tags=["health"], response=HealthOut)
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
